package dev.ptshare.ptshare;

import dev.ptshare.kernel.Kernel;
import dev.ptshare.mm.Mutant;

/**
 * ptshare_invalidate_range_end(), the MMU notifier of a shadow mm: the shadow runs on no CPU and
 * the domain keeps no list of its processes, so every change to the shared PTE tables is flushed
 * on every CPU (x86: on_each_cpu() of invpcid_flush_all_nonglobals(), one IPI per other CPU).
 */
final class ShadowFlush implements Runnable {
    private final Kernel k;

    ShadowFlush(Kernel k) {
        this.k = k;
    }

    @Override
    public void run() {
        if (k.mm.mutant(Mutant.PTSHARE_SKIP_SHADOW_FLUSH)) return;
        k.tlb.flushTlbAll(k.mm.current);
    }
}
