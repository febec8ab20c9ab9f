package dev.ptshare.ptshare;

import dev.ptshare.arch.PageTableStore;
import dev.ptshare.arch.Pte;
import dev.ptshare.kernel.Kernel;
import dev.ptshare.kernel.Task;
import dev.ptshare.mm.Mm;
import dev.ptshare.mm.PgtableAlloc;
import dev.ptshare.mm.VmFlags;
import dev.ptshare.mm.Vma;

/**
 * {@code show TASK ptshare}: the task's sharing domain (its number, references, the shadow mm's
 * page-table pages) and each shadow VMA with the VMAs using it and the PTE tables and pages it
 * holds; then each of the task's VM_PT_SHARED VMAs with how many of its PMD entries point at
 * the shadow's tables. Not a /proc file: the prototype has no such view.
 */
public final class PtshareView {
    private PtshareView() {}

    public static String text(Kernel k, Task t) {
        if (!(k.mm.sharedPt instanceof Ptshare p)) return "";
        PtshareDesc d = p.descOf(t.mm);
        if (d == null) return "no domain\n";
        StringBuilder b = new StringBuilder();
        Mm sh = d.shadow;
        b.append(String.format("domain %d refcount %d shadow page tables %d kB%n", d.id,
                d.refcount(), sh.pgtablesBytes / 1024 + 4));
        for (Vma sv : sh.vmas.all()) {
            long tables = 0, pages = 0;
            for (long a = sv.start; a < sv.end; a += Ptshare.PMD_SIZE) {
                int pt = k.mm.pgtable.pteTable(sh, a);
                if (pt < 0) continue;
                tables++;
                for (int i = 0; i < PageTableStore.ENTRIES; i++)
                    if (Pte.mapped(k.tables.get(pt, i))) pages++;
            }
            b.append(String.format("  shadow %012x-%012x %s pgoff %d users %d tables %d pages %d%n",
                    sv.start, sv.end, sv.inode().mapsPath(), sv.pgoff, d.users(sv), tables, pages));
        }
        for (Vma v : t.mm.vmas.all()) {
            if (!v.test(VmFlags.VM_SHARED_PT)) continue;
            long spliced = 0;
            for (long a = v.start; a < v.end; a += Ptshare.PMD_SIZE) {
                int pmd = k.mm.pgtable.table(t.mm, a, PageTableStore.PMD, false);
                if (pmd < 0) continue;
                long e = k.tables.get(pmd, PgtableAlloc.index(a, PageTableStore.PMD));
                if (e != 0 && k.tables.owner(Pte.table(e)) == sh.id) spliced++;
            }
            b.append(String.format("%012x-%012x VM_PT_SHARED spliced %d of %d PMDs%n", v.start,
                    v.end, spliced, (v.end - v.start) / Ptshare.PMD_SIZE));
        }
        return b.toString();
    }
}
