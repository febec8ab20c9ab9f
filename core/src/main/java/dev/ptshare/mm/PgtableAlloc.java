package dev.ptshare.mm;

import dev.ptshare.arch.PageTableStore;
import dev.ptshare.arch.Pte;

/**
 * Page-table page allocation and lookup: pgd_alloc, __p4d_alloc, __pud_alloc, __pmd_alloc,
 * __pte_alloc (mm/memory.c) and the accounting they do: every page-table page is a frame
 * (NR_PAGETABLE, /proc/meminfo PageTables), and PTE, PMD and PUD pages are charged to the mm
 * (mm_inc_nr_ptes/pmds/puds, /proc/PID/status VmPTE).
 */
public final class PgtableAlloc {
    public static final int NONE = -1, OOM = -2, HUGE = -3;

    private final MmCore core;
    private final PageTableStore tables;

    PgtableAlloc(MmCore core) {
        this.core = core;
        this.tables = core.tables;
    }

    /** Shift of the entries of a table at {@code level} (PTE=1 .. PGD=5 in 5-level). */
    public static int entryShift(int level) {
        return 12 + 9 * (level - 1);
    }

    public static int index(long addr, int level) {
        return (int) (addr >>> entryShift(level)) & 511;
    }

    private static boolean charged(int level) {
        return level >= PageTableStore.PTE && level <= PageTableStore.PUD;
    }

    /** A new, empty page-table page at {@code level}, charged to {@code mm}; or OOM. */
    public int allocTable(Mm mm, int level) {
        if (!core.phys.allocTableFrame()) return OOM;
        return newTable(mm, level);
    }

    /**
     * An allocation that must not fail (__GFP_NOFAIL): its frame is taken even when memory is
     * exhausted (COW PTE's unshare inside a zap that cannot fail, see CowPte#zapTable).
     */
    int allocTableNoFail(Mm mm, int level) {
        core.phys.allocTableFrameNoFail();
        return newTable(mm, level);
    }

    private int newTable(Mm mm, int level) {
        int id = tables.alloc(level);
        if (mm != null) tables.setOwner(id, mm.id);
        if (mm != null && charged(level)) mm.pgtablesBytes += 4096;
        return id;
    }

    /** Frees a page-table page and uncharges it from {@code mm} (null: nobody is charged). */
    public void freeTable(Mm mm, int id) {
        int level = tables.level(id);
        if (mm != null && charged(level)) mm.pgtablesBytes -= 4096;
        tables.free(id);
        core.phys.freeTableFrame();
    }

    /** The level number of mm's top-level table as the walk counts it (4 or 5). */
    public static int top(Mm mm) {
        return mm.ctx.levels;
    }

    /**
     * The table at {@code level} covering {@code addr}; allocates missing tables above it when
     * {@code alloc}. Returns NONE (missing, no alloc), OOM, or HUGE (a leaf above {@code level}).
     */
    private Mm memoPteMm;
    private long memoKey, memoGen;
    private int memoTable;

    public int table(Mm mm, long addr, int level, boolean alloc) {
        if (level == PageTableStore.PTE && mm == memoPteMm && (addr >>> 21) == memoKey
                && tables.upperGen == memoGen) {
            return memoTable;
        }
        int t = mm.ctx.pgd;
        for (int lvl = top(mm); lvl > level; lvl--) {
            int idx = index(addr, lvl);
            long e = tables.get(t, idx);
            if (e == 0) {
                if (!alloc) return NONE;
                int child = allocTable(mm, lvl - 1);
                if (child < 0) return OOM;
                tables.set(t, idx, Pte.tableEntry(child));
                t = child;
                continue;
            }
            if ((e & Pte.PSE) != 0 || !Pte.present(e)) return lvl <= 3 ? HUGE : NONE;
            t = Pte.table(e);
        }
        if (level == PageTableStore.PTE) {
            memoPteMm = mm; // its pgd is set once; freeing the tables at exit bumps upperGen
            memoKey = addr >>> 21;
            memoGen = tables.upperGen;
            memoTable = t;
        }
        return t;
    }

    /** __pte_alloc() of a PTE table that is born full and compact (a bulk fault). */
    public int allocCompactPte(Mm mm, long addr, int base, long bits) {
        int pmd = pmdAlloc(mm, addr);
        if (pmd < 0) return pmd;
        if (!core.phys.allocTableFrame()) return OOM;
        int id = tables.allocCompact(base, bits);
        tables.setOwner(id, mm.id);
        mm.pgtablesBytes += 4096;
        tables.set(pmd, index(addr, PageTableStore.PMD), Pte.tableEntry(id));
        return id;
    }

    private int memoMm = -1;
    private long memoGib = -1, memoFrees = -1;
    private int memoPmd;

    /**
     * The PMD table for addr, allocating the path; the last answer is remembered while the mm,
     * the 1 GiB slot and the set of live tables stay the same (bulk touches walk 512 times per
     * table otherwise).
     */
    public int pmdAlloc(Mm mm, long addr) {
        long gib = addr >>> 30;
        if (mm.id == memoMm && gib == memoGib && tables.frees() == memoFrees) return memoPmd;
        int pmd = table(mm, addr, PageTableStore.PMD, true);
        if (pmd >= 0) {
            memoMm = mm.id;
            memoGib = gib;
            memoFrees = tables.frees();
            memoPmd = pmd;
        }
        return pmd;
    }

    /** Drops the remembered PMD table (an entry above it changed without a free). */
    public void forget() {
        memoMm = -1;
    }

    /** pte_offset_map(): the PTE table for addr, or NONE/HUGE. */
    public int pteTable(Mm mm, long addr) {
        return table(mm, addr, PageTableStore.PTE, false);
    }

    /** pte_alloc_map(): the PTE table for addr, allocating the path to it. */
    public int pteAlloc(Mm mm, long addr) {
        return table(mm, addr, PageTableStore.PTE, true);
    }
}
