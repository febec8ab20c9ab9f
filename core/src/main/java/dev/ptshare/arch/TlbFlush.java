package dev.ptshare.arch;

/**
 * TLB shootdown as arch/x86/mm/tlb.c does it: {@code switch_mm_irqs_off} with dynamic ASIDs
 * and tlb_gen catch-up, {@code flush_tlb_mm_range} (IPIs to other CPUs that have the mm loaded
 * and are not lazy, or to every CPU in mm_cpumask when page tables were freed), {@code
 * flush_tlb_func} (partial flush below tlb_single_page_flush_ceiling, else full), and {@code
 * flush_tlb_all}.
 */
public final class TlbFlush {
    /** tlb_single_page_flush_ceiling: ranges of more pages than this flush the whole ASID. */
    public static final long SINGLE_PAGE_FLUSH_CEILING = 33;

    public static final long FLUSH_ALL = -1L;

    private final Cpu[] cpus;
    public final TlbStats stats = new TlbStats();
    /** Mutant: remote CPUs are never sent the shootdown IPI. */
    public boolean skipRemote;

    public TlbFlush(Cpu[] cpus) {
        this.cpus = cpus;
    }

    /** switch_mm_irqs_off(): load {@code next} on {@code cpu} (null: leave for init_mm). */
    public void switchMm(Cpu cpu, MmContext next) {
        if (next == null) {
            leaveMm(cpu);
            return;
        }
        if (cpu.loadedMm == next) {
            // Same mm, possibly coming back from lazy mode: catch up on missed flushes.
            cpu.lazy = false;
            cpu.slotCtx[cpu.loadedAsid] = next.ctxId;
            next.cpumask |= 1L << cpu.id;
            if (cpu.slotGen[cpu.loadedAsid] < next.tlbGen) {
                cpu.tlb.invalidateAsid(cpu.loadedAsid);
                stats.localFlushAll++;
                cpu.slotGen[cpu.loadedAsid] = next.tlbGen;
            }
            return;
        }
        // choose_new_asid()
        int asid = -1;
        for (int i = 0; i < Cpu.NR_DYN_ASIDS; i++) if (cpu.slotCtx[i] == next.ctxId) asid = i;
        boolean needFlush;
        if (asid >= 0) {
            needFlush = cpu.slotGen[asid] < next.tlbGen;
        } else {
            asid = cpu.nextAsid;
            cpu.nextAsid = (cpu.nextAsid + 1) % Cpu.NR_DYN_ASIDS;
            needFlush = true;
        }
        next.cpumask |= 1L << cpu.id;
        if (needFlush) {
            cpu.tlb.invalidateAsid(asid);
            stats.localFlushAll++;
        }
        cpu.slotCtx[asid] = next.ctxId;
        cpu.slotGen[asid] = next.tlbGen;
        cpu.loadedMm = next;
        cpu.loadedAsid = asid;
        cpu.lazy = false;
    }

    /** enter_lazy_tlb(): the CPU goes idle but keeps the old page tables loaded. */
    public void enterLazy(Cpu cpu) {
        if (cpu.loadedMm != null) cpu.lazy = true;
    }

    /** leave_mm(): switch to init_mm; the old mm's translations stay tagged with their ASID. */
    public void leaveMm(Cpu cpu) {
        cpu.loadedMm = null;
        cpu.lazy = true;
    }

    /** An mm is gone: forget its ASID slots on every CPU so a new mm never inherits them. */
    public void destroyContext(MmContext mm) {
        for (Cpu c : cpus) {
            for (int i = 0; i < Cpu.NR_DYN_ASIDS; i++) {
                if (c.slotCtx[i] == mm.ctxId) c.slotCtx[i] = -1;
            }
            if (c.loadedMm == mm) leaveMm(c);
        }
    }

    /**
     * flush_tlb_mm_range(): {@code current} is the CPU the caller runs on (null for a context
     * that runs on no CPU of this mm). {@code end == FLUSH_ALL} flushes the whole mm.
     */
    public void flushTlbMmRange(
            Cpu current, MmContext mm, long start, long end, int strideShift, boolean freedTables) {
        stats.flushes++;
        if (end == FLUSH_ALL || ((end - start) >>> strideShift) > SINGLE_PAGE_FLUSH_CEILING) {
            start = 0;
            end = FLUSH_ALL;
        }
        long newGen = ++mm.tlbGen;
        boolean remote = false;
        for (Cpu c : cpus) {
            if (c == current || (mm.cpumask & (1L << c.id)) == 0) continue;
            // native_flush_tlb_multi: should_flush_tlb() unless page tables were freed.
            boolean target = freedTables || (c.loadedMm == mm && !c.lazy);
            if (!target) continue;
            remote = true;
            if (skipRemote) continue;
            stats.ipis++;
            stats.remoteFlushReceived++;
            flushTlbFunc(c, mm, start, end, strideShift, newGen);
        }
        if (remote) stats.remoteFlush++;
        if (current != null && current.loadedMm == mm) {
            flushTlbFunc(current, mm, start, end, strideShift, newGen);
        }
    }

    /** flush_tlb_func(): runs on {@code c}, locally or from the IPI. */
    private void flushTlbFunc(Cpu c, MmContext mm, long start, long end, int strideShift,
            long gen) {
        if (c.loadedMm != mm) {
            mm.cpumask &= ~(1L << c.id); // the CPU switched away: trim it from mm_cpumask
            return;
        }
        if (c.lazy) {
            leaveMm(c); // a lazy CPU told that page tables went away switches to init_mm
            return;
        }
        int asid = c.loadedAsid;
        long local = c.slotGen[asid];
        if (local >= mm.tlbGen) return;
        if (end != FLUSH_ALL && gen == local + 1) {
            for (long a = start; a < end; a += 1L << strideShift) {
                c.tlb.invalidatePage(asid, a);
                stats.localFlushOne++;
            }
        } else {
            c.tlb.invalidateAsid(asid);
            stats.localFlushAll++;
        }
        c.slotGen[asid] = gen;
    }

    /** flush_tlb_all(): every CPU drops every translation, IPIs to all but the caller. */
    public void flushTlbAll(Cpu current) {
        stats.flushes++;
        boolean remote = false;
        for (Cpu c : cpus) {
            if (c != current) {
                remote = true;
                if (skipRemote) continue;
                stats.ipis++;
                stats.remoteFlushReceived++;
            }
            c.tlb.invalidateAll();
            stats.localFlushAll++;
        }
        if (remote) stats.remoteFlush++;
    }

    /** The CPU's own TLB entry for va after a page fault (the hardware drops it on #PF). */
    public void invalidateLocalPage(Cpu c, long va) {
        if (c.loadedMm != null) c.tlb.invalidatePage(c.loadedAsid, va);
    }
}
