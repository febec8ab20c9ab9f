package dev.ptshare.arch;

/**
 * The hardware side of an access: TLB lookup, and on a miss the x86_64 page walk (Intel SDM vol.
 * 3 ch. 4) that sets Accessed and Dirty in the leaf and derives permissions as the AND of RW and
 * US over all levels, NX as the OR.
 *
 * <p>Results are packed in a long: a physical address (frame number << 12 | offset) when the
 * access may proceed, or a negative number {@code -(1 + error code)} carrying the page-fault
 * error code of arch/x86/include/asm/trap_pf.h.
 */
public final class Mmu {
    public static final int READ = 0, WRITE = 1, FETCH = 2;

    public static final int PF_PROT = 1, PF_WRITE = 2, PF_USER = 4, PF_INSTR = 16;

    private final PageTableStore tables;
    /** When set, every TLB hit is compared with a fresh walk (the stale-translation checker). */
    public TlbAuditor auditor;

    public Mmu(PageTableStore tables) {
        this.tables = tables;
    }

    /** Receives TLB hits that grant more than the page tables now do. */
    public interface TlbAuditor {
        void stale(Cpu cpu, long va, int access, long tlbValue, long walkValue);
    }

    public static boolean isFault(long r) {
        return r < 0;
    }

    public static int errorCode(long r) {
        return (int) (-r - 1);
    }

    private static long fault(int code) {
        return -1L - code;
    }

    /** Translates a user access by the task running on {@code cpu}. */
    public long translate(Cpu cpu, long va, int access) {
        MmContext mm = cpu.loadedMm;
        int asid = cpu.loadedAsid;
        long v = tlbLookup(cpu, asid, va);
        if (v != TlbArray.EMPTY) {
            int denied = denied(v, access);
            if (denied == 0 && !(access == WRITE && (v & Tlb.V_DIRTY) == 0)) {
                if (auditor != null) audit(cpu, mm, va, access, v);
                return physical(v, va);
            }
            if (denied != 0) {
                cpu.tlb.invalidatePage(asid, va); // a #PF drops the faulting translation
                return fault(faultCode(access) | PF_PROT);
            }
            // A write through a clean entry: the CPU re-walks to set D (and may fault).
        }
        long w = walk(mm, va, access, true);
        if (w < 0) {
            if (v != TlbArray.EMPTY) cpu.tlb.invalidatePage(asid, va);
            return w;
        }
        tlbFill(cpu, asid, va, w);
        return physical(w, va);
    }

    /** The access retried after a fault: the TLB holds nothing for va (the #PF dropped it). */
    public long translateMissed(Cpu cpu, long va, int access) {
        long w = walk(cpu.loadedMm, va, access, true);
        if (w < 0) return w;
        tlbFill(cpu, cpu.loadedAsid, va, w);
        return physical(w, va);
    }

    /** The cached value for va, or EMPTY: smallest page size first, as an STLB is probed. */
    private static long tlbLookup(Cpu cpu, int asid, long va) {
        long v = cpu.tlb4k.lookup(asid, va);
        return v != TlbArray.EMPTY || !cpu.tlb.big() ? v : cpu.tlb.lookupLarge(asid, va);
    }

    /** Caches the walk's translation {@code w} (a 4 KiB one carries size code 0 already). */
    private static void tlbFill(Cpu cpu, int asid, long va, long w) {
        int shift = Tlb.shiftOf(w);
        if (shift == 12)
            cpu.tlb4k.insert(asid, va, w);
        else
            cpu.tlb.insertLarge(asid, va, shift, w & ~(3L << 4));
    }

    private static int faultCode(int access) {
        return PF_USER | (access == WRITE ? PF_WRITE : 0) | (access == FETCH ? PF_INSTR : 0);
    }

    private static int denied(long v, int access) {
        if ((v & Tlb.V_USER) == 0) return 1;
        if (access == WRITE && (v & Tlb.V_WRITE) == 0) return 1;
        if (access == FETCH && (v & Tlb.V_EXEC) == 0) return 1;
        return 0;
    }

    private static long physical(long v, long va) {
        int shift = Tlb.shiftOf(v);
        long base = v >>> 12 << 12;
        return base + (va & ((1L << shift) - 1) & ~0xfffL) + (va & 0xfff);
    }

    private void audit(Cpu cpu, MmContext mm, long va, int access, long v) {
        long w = walk(mm, va, access, false);
        boolean samePage = w >= 0 && physical(w, va) == physical(v, va);
        boolean grantsMore = w < 0 || !samePage || denied(w, access) != 0;
        if (grantsMore) auditor.stale(cpu, va, access, v, w);
    }

    /**
     * The page walk. Returns the translation value (frame number << 12 | V_* bits | size code
     * << 4) or a fault. With {@code setBits} the walker sets A, and D on a write, in the leaf.
     */
    private int memoPgd = -1;
    private long memoKey, memoGen;
    private int memoTable;
    /** memoTable's entry array (null: compact), valid with the memo (see upperGen). */
    private long[] memoEntries;
    private boolean memoW, memoU, memoX;

    public long walk(MmContext mm, long va, int access, boolean setBits) {
        if (mm.pgd == memoPgd && (va >>> 21) == memoKey && tables.upperGen == memoGen) {
            int idx = (int) (va >>> 12) & 511;
            long[] entries = memoEntries;
            long e = entries != null ? entries[idx] : tables.get(memoTable, idx);
            if ((e & Pte.PRESENT) == 0) return fault(faultCode(access));
            return leaf(memoTable, idx, e, 12, access, setBits, memoW && (e & Pte.RW) != 0,
                    memoU && (e & Pte.USER) != 0, memoX && (e & Pte.NX) == 0);
        }
        return walkTables(mm, va, access, setBits);
    }

    /** The walk from the top-level table (and the memo refilled on the way down). */
    private long walkTables(MmContext mm, long va, int access, boolean setBits) {
        int table = mm.pgd;
        int shift = mm.topShift();
        boolean w = true, u = true, x = true;
        while (true) {
            int idx = (int) (va >>> shift) & 511;
            long e = tables.get(table, idx);
            if ((e & Pte.PRESENT) == 0) return fault(faultCode(access));
            w &= (e & Pte.RW) != 0;
            u &= (e & Pte.USER) != 0;
            x &= (e & Pte.NX) == 0;
            if (shift == 12 || (shift <= 30 && (e & Pte.PSE) != 0)) {
                return leaf(table, idx, e, shift, access, setBits, w, u, x);
            }
            table = Pte.table(e);
            shift -= 9;
            if (shift == 12) {
                memoPgd = mm.pgd;
                memoKey = va >>> 21;
                memoGen = tables.upperGen;
                memoTable = table;
                memoEntries = tables.entriesOf(table);
                memoW = w;
                memoU = u;
                memoX = x;
            }
        }
    }

    /**
     * The end of a walk at the leaf {@code e} (entry idx of table, mapping 1 << shift bytes), with
     * the permissions of every level so far: a protection fault, or the translation value.
     */
    private long leaf(int table, int idx, long e, int shift, int access, boolean setBits,
            boolean w, boolean u, boolean x) {
        if (!u || (access == WRITE && !w) || (access == FETCH && !x)) {
            return fault(faultCode(access) | PF_PROT);
        }
        if (setBits) {
            long ne = e | Pte.ACCESSED | (access == WRITE ? Pte.DIRTY : 0);
            if (ne != e) tables.set(table, idx, ne);
            e = ne;
        }
        long pfn = Pte.pfn(e);
        if (shift > 12) pfn &= ~((1L << (shift - 12)) - 1); // PS leaves: PAT bit 12 is not pfn
        long v = pfn << 12;
        if (w) v |= Tlb.V_WRITE;
        if (u) v |= Tlb.V_USER;
        if (x) v |= Tlb.V_EXEC;
        if ((e & Pte.DIRTY) != 0) v |= Tlb.V_DIRTY;
        return v | ((long) ((shift - 12) / 9) << 4);
    }
}
