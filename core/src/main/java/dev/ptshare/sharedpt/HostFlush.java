package dev.ptshare.sharedpt;

import dev.ptshare.arch.Cpu;
import dev.ptshare.arch.MmContext;
import dev.ptshare.arch.TlbFlush;
import dev.ptshare.kernel.Kernel;
import dev.ptshare.mm.Mutant;

/**
 * What a change to the host's page tables must flush. The host mm runs on no CPU and RFC v2 has no
 * list of sharers: its only flush is flush_tlb_range() on the acting process's VMA (RFC v2 4/4
 * free_pte_range(); mprotect and zaps walk the guest's tables), which leaves every other sharer's
 * TLB stale. The model does what mshare later did for the same problem (mshare v1, Jan 2025: an MMU
 * notifier on the host mm calling flush_tlb_all()); mutant {@code sharedpt-skip-guest-flush} keeps
 * the RFC's acting-process-only flush.
 */
final class HostFlush implements Runnable {
    private final Kernel k;

    HostFlush(Kernel k) {
        this.k = k;
    }

    @Override
    public void run() {
        Cpu cpu = k.mm.current;
        if (k.mm.mutant(Mutant.SHAREDPT_SKIP_GUEST_FLUSH)) {
            MmContext acting = cpu == null ? null : cpu.loadedMm();
            if (acting != null)
                k.tlb.flushTlbMmRange(cpu, acting, 0, TlbFlush.FLUSH_ALL, 12, false);
            return;
        }
        k.tlb.flushTlbAll(cpu);
    }
}
