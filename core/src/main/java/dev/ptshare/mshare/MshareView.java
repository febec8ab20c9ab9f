package dev.ptshare.mshare;

import dev.ptshare.arch.Pte;
import dev.ptshare.kernel.Kernel;
import dev.ptshare.kernel.Task;
import dev.ptshare.mm.Mm;
import dev.ptshare.mm.VmFlags;
import dev.ptshare.mm.Vma;

/**
 * {@code show TASK mshare}: the introspection the v3 review asked for (FEB26). For each mshare
 * region the task maps: where, its size, owner and whether this task's slot is linked; then
 * every object inside it (host VMA) with its offset, size, protection, backing and the pages
 * populated in the host's page tables.
 */
public final class MshareView {
    private MshareView() {}

    public static String text(Kernel k, Task t) {
        StringBuilder b = new StringBuilder();
        for (Vma v : t.mm.vmas.all()) {
            if (!(v.privateData instanceof MshareVma mv)) continue;
            MshareRegion r = mv.region;
            b.append(String.format("%012x-%012x %s size %d owner %s%s linked %s%n", v.start, v.end,
                    r.inode.mapsPath(), r.size, r.owner.name, r.hasOwner ? "" : " (exited)",
                    mv.linked(t.mm, v.start) ? "yes" : "no"));
            Mm host = r.host;
            for (Vma o : host.vmas.all()) {
                long populated = 0;
                for (long a = o.start; a < o.end; a += 4096) {
                    int pt = k.mm.pgtable.pteTable(host, a);
                    if (pt < 0) {
                        a = (a | ((1L << 21) - 1)) - 4095;
                        continue;
                    }
                    if (Pte.mapped(k.tables.get(pt, (int) (a >>> 12) & 511))) populated++;
                }
                b.append(String.format("  +%x-+%x %c%c%c%c %s pgoff %d populated %d pages%n",
                        o.start - r.start(), o.end - r.start(),
                        o.test(VmFlags.VM_READ) ? 'r' : '-', o.test(VmFlags.VM_WRITE) ? 'w' : '-',
                        o.test(VmFlags.VM_EXEC) ? 'x' : '-',
                        o.test(VmFlags.VM_MAYSHARE) ? 's' : 'p',
                        o.inode() == null ? "anon" : o.inode().mapsPath(), o.pgoff, populated));
            }
        }
        return b.toString();
    }
}
