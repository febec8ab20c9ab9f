package dev.ptshare.mm;

import dev.ptshare.arch.PageTableStore;
import dev.ptshare.arch.Pte;
import java.util.List;

/**
 * free_pgtables() and free_pgd_range() (mm/memory.c): after VMAs are unmapped, free the page
 * tables that only they used. A table is freed only when the whole range it covers lies
 * between {@code floor} (end of the previous VMA) and {@code ceiling} (start of the next one);
 * a ceiling of 0 means the top of the address space (USER_PGTABLES_CEILING).
 */
public final class FreePgtables {
    private static final long PMD_SIZE = 1L << 21;
    private static final long PMD_MASK = ~(PMD_SIZE - 1);

    private final MmCore core;
    private final PageTableStore tables;

    FreePgtables(MmCore core) {
        this.core = core;
        this.tables = core.tables;
    }

    /** free_pgtables(): {@code vmas} are the removed VMAs in address order. */
    public void freePgtables(MmuGather tlb, List<Vma> vmas, long floor, long ceiling) {
        for (int i = 0; i < vmas.size();) {
            Vma vma = vmas.get(i);
            long addr = vma.start;
            int j = i + 1;
            // Optimization: gather nearby vmas into one call down.
            while (j < vmas.size()
                    && vmas.get(j).start <= vmas.get(j - 1).end + PMD_SIZE
                    && !vmas.get(j).test(VmFlags.VM_HUGETLB)) {
                j++;
            }
            Vma last = vmas.get(j - 1);
            long next = j < vmas.size() ? vmas.get(j).start : ceiling;
            freePgdRange(tlb, addr, last.end, floor, next);
            i = j;
        }
    }

    private static boolean ugt(long a, long b) {
        return Long.compareUnsigned(a, b) > 0;
    }

    /** free_pgd_range(). */
    public void freePgdRange(MmuGather tlb, long addr, long end, long floor, long ceiling) {
        addr &= PMD_MASK;
        if (Long.compareUnsigned(addr, floor) < 0) {
            addr += PMD_SIZE;
            if (addr == 0) return;
        }
        if (ceiling != 0) {
            ceiling &= PMD_MASK;
            if (ceiling == 0) return;
        }
        if (ugt(end - 1, ceiling - 1)) end -= PMD_SIZE;
        if (ugt(addr, end - 1)) return;
        Mm mm = tlb.mm;
        int top = PgtableAlloc.top(mm);
        iterate(tlb, mm.ctx.pgd, top, addr, end, floor, ceiling);
    }

    /** Walks the entries of {@code table} (at {@code level}) in [addr, end). */
    private void iterate(MmuGather tlb, int table, int level, long addr, long end, long floor,
            long ceiling) {
        int shift = PgtableAlloc.entryShift(level);
        long a = addr;
        do {
            long next = ((a >>> shift) + 1) << shift;
            if (next == 0 || ugt(next, end)) next = end;
            int idx = (int) (a >>> shift) & 511;
            long e = tables.get(table, idx);
            if (e != 0 && Pte.present(e) && (e & Pte.PSE) == 0) {
                freeLevel(tlb, table, idx, level - 1, a, next, floor, ceiling);
            }
            a = next;
        } while (a != end);
    }

    /**
     * free_pte_range / free_pmd_range / free_pud_range / free_p4d_range: frees below the table
     * at {@code parent[idx]} (a table of {@code level}), then that table itself if its whole
     * span is inside [floor, ceiling).
     */
    private void freeLevel(
            MmuGather tlb, int parent, int idx, int level, long addr, long end, long floor,
            long ceiling) {
        int t = Pte.table(tables.get(parent, idx));
        Mm mm = tlb.mm;
        if (level == PageTableStore.PTE) {
            tables.set(parent, idx, 0);
            if (!core.mutant(Mutant.LEAK_PAGE_TABLE)) core.pgtable.freeTable(mm, t);
            tlb.freedTable(addr);
            return;
        }
        iterate(tlb, t, level, addr, end, floor, ceiling);
        long mask = ~((1L << PgtableAlloc.entryShift(level + 1)) - 1);
        long start = addr & mask;
        if (Long.compareUnsigned(start, floor) < 0) return;
        long c = ceiling;
        if (c != 0) {
            c &= mask;
            if (c == 0) return;
        }
        if (ugt(end - 1, c - 1)) return;
        if (tables.shareCount(t) != 0) return; // a shared table is never freed by one sharer
        tables.set(parent, idx, 0);
        core.pgtable.freeTable(mm, t);
        tlb.freedTable(start);
    }
}
