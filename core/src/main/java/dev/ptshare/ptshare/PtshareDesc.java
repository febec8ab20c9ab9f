package dev.ptshare.ptshare;

import dev.ptshare.kernel.Errno;
import dev.ptshare.kernel.Kernel;
import dev.ptshare.mm.Mm;
import dev.ptshare.mm.VmFlags;
import dev.ptshare.mm.Vma;
import java.util.HashMap;
import java.util.Map;

/**
 * struct ptshare_desc: one sharing domain, a headless shadow mm ({@code ptshare_mm}) holding a
 * shadow VMA for each shared range, and a refcount held by the mms that point at it and by their
 * VM_PT_SHARED VMAs (mm/ptshare.c ptshare_alloc_desc(), ptshare_put_desc()).
 */
final class PtshareDesc {
    private final Kernel k;
    /** The domain's number in this machine (1, 2, ...), for {@code show TASK ptshare}. */
    final int id;
    final Mm shadow;
    /** The vm_ops every VM_PT_SHARED VMA of this domain carries. */
    final PtshareVma ops;
    private int refcount = 1;
    /** vma->__vm_ptshare_refcount of each shadow VMA: the guest VMAs that use it. */
    private final Map<Vma, int[]> shadowRefs = new HashMap<>();

    private PtshareDesc(Kernel k, int id, Mm shadow) {
        this.k = k;
        this.id = id;
        this.shadow = shadow;
        this.ops = new PtshareVma(k, this);
    }

    /**
     * ptshare_alloc_desc(): mm_alloc() for the shadow mm and an MMU notifier on it whose
     * invalidate_range_end() flushes every CPU ({@link ShadowFlush}). Null on ENOMEM.
     */
    static PtshareDesc alloc(Kernel k, int id) {
        Mm shadow = k.mm.mmAlloc();
        if (shadow == null) return null;
        shadow.invalidateHook = new ShadowFlush(k);
        k.mm.extraMms.add(shadow);
        return new PtshareDesc(k, id, shadow);
    }

    int refcount() {
        return refcount;
    }

    /** The guest VMAs using shadow VMA sv. */
    int users(Vma sv) {
        int[] r = shadowRefs.get(sv);
        return r == null ? 0 : r[0];
    }

    void get() {
        refcount++;
    }

    /** ptshare_put_desc(): the last reference frees the shadow mm (ptshare_free_desc(), mmput). */
    void put() {
        if (--refcount > 0) return;
        k.mm.extraMms.remove(shadow);
        k.processes.exitMmap(shadow);
    }

    /** The shadow VMA of a guest VMA (vma_lookup(ptshare_mm, vma->vm_start)). */
    Vma shadowOf(Vma guest) {
        return shadow.vmas.lookup(guest.start);
    }

    /**
     * __ptshare_install_vma(): a sanitized copy of the guest VMA (no VM_PT_SHARED, no anon_vma)
     * in the shadow mm, with refcount 1; EINVAL if the range is taken meanwhile.
     */
    int installShadow(Vma guest) {
        if (!shadow.vmas.range(guest.start, guest.end).isEmpty()) return -Errno.EINVAL;
        Vma sv = guest.dup(shadow);
        sv.privateData = null;
        sv.flags &= ~VmFlags.VM_SHARED_PT; // ptshare_sanitize_vma()
        sv.anonVma = null;
        sv.uffdCtx = null;
        k.mm.vmaOps.link(sv); // get_file() + insert_vm_struct() + vm_stat_account()
        shadowRefs.put(sv, new int[] { 1 });
        return 0;
    }

    /** ptshare_get_vma() (fork): one more guest VMA uses the shadow VMA, and the domain. */
    void getVma(Vma guest) {
        get();
        shadowRefs.get(shadowOf(guest))[0]++;
    }

    /**
     * ptshare_put_vma(): the last guest VMA of a range removes its shadow VMA (do_munmap() in the
     * shadow mm: its pages and PTE tables go, and every CPU is flushed), then the domain ref.
     */
    void putVma(Vma guest) {
        Vma sv = shadowOf(guest);
        if (--shadowRefs.get(sv)[0] == 0) {
            shadowRefs.remove(sv);
            k.mm.munmap.doMunmap(shadow, sv.start, sv.end - sv.start);
        }
        put();
    }
}
