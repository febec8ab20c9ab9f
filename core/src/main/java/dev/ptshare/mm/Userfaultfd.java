package dev.ptshare.mm;

import static dev.ptshare.mm.VmFlags.*;

import dev.ptshare.kernel.CallError;
import dev.ptshare.kernel.Errno;
import java.util.List;
import java.util.Map;

/**
 * The VMA side of userfaultfd write-protection (fs/userfaultfd.c, mm/userfaultfd.c,
 * include/linux/userfaultfd_k.h): registering and unregistering ranges, UFFDIO_WRITEPROTECT,
 * releasing a context, and what fork and mremap do to registered VMAs. The uffd-wp state itself
 * lives in the page tables ({@link dev.ptshare.arch.Pte#UFFD_WP} on present entries,
 * {@link dev.ptshare.arch.Pte#MARKER_UFFD_WP} markers on none entries of file VMAs); faults on
 * it are handled in {@link Memory}. Only the WP mode is modelled.
 */
public final class Userfaultfd {
    /** __VM_UFFD_FLAGS. */
    public static final long VM_UFFD_FLAGS = VM_UFFD_MISSING | VM_UFFD_WP | VM_UFFD_MINOR;

    // include/uapi/linux/userfaultfd.h
    public static final long UFFDIO_REGISTER_MODE_MISSING = 1, UFFDIO_REGISTER_MODE_WP = 2,
            UFFDIO_REGISTER_MODE_MINOR = 4;
    public static final long UFFDIO_WRITEPROTECT_MODE_WP = 1,
            UFFDIO_WRITEPROTECT_MODE_DONTWAKE = 2;

    private final MmCore core;

    Userfaultfd(MmCore core) {
        this.core = core;
    }

    /** vma_is_shmem(): shmem_vm_ops or shmem_anon_vm_ops (tmpfs, memfd, MAP_SHARED|ANON). */
    static boolean isShmem(Vma vma) {
        return vma.file != null && vma.inode().fs.shmem();
    }

    /** vma_can_userfault() (include/linux/userfaultfd_k.h). */
    static boolean canUserfault(Vma vma, long vmFlags, boolean wpAsync) {
        vmFlags &= VM_UFFD_FLAGS;
        if (vma.test(VM_DROPPABLE)) return false;
        if ((vmFlags & VM_UFFD_MINOR) != 0 && !Hugetlb.isHugetlb(vma) && !isShmem(vma))
            return false;
        if (wpAsync && vmFlags == VM_UFFD_WP) return true;
        return vma.isAnonymous() || Hugetlb.isHugetlb(vma) || isShmem(vma);
    }

    /**
     * userfaultfd_wp_use_markers(): file VMAs always; anon only with UFFD_FEATURE_WP_UNPOPULATED.
     */
    static boolean useMarkers(Vma vma) {
        if (!vma.test(VM_UFFD_WP)) return false;
        if (!vma.isAnonymous()) return true;
        return vma.uffdCtx != null && vma.uffdCtx.has(UserfaultfdCtx.UFFD_FEATURE_WP_UNPOPULATED);
    }

    /** userfaultfd_wp_async(). */
    static boolean wpAsync(Vma vma) {
        return vma.uffdCtx != null && vma.uffdCtx.wpAsync();
    }

    /** validate_range() (fs/userfaultfd.c). */
    static int validateRange(Mm mm, long start, long len) {
        if ((start & 4095) != 0 || (len & 4095) != 0 || len == 0) return -Errno.EINVAL;
        if (Long.compareUnsigned(start, Mmap.MMAP_MIN_ADDR) < 0) return -Errno.EINVAL;
        if (Long.compareUnsigned(start, mm.taskSize) >= 0) return -Errno.EINVAL;
        if (Long.compareUnsigned(len, mm.taskSize - start) > 0) return -Errno.EINVAL;
        return 0;
    }

    /** userfaultfd_register() after copy_from_user(): 0 or -errno. */
    public int register(UserfaultfdCtx ctx, long start, long len, long mode) {
        if (mode == 0 || (mode & ~(UFFDIO_REGISTER_MODE_MISSING | UFFDIO_REGISTER_MODE_WP
                | UFFDIO_REGISTER_MODE_MINOR)) != 0) {
            return -Errno.EINVAL;
        }
        if ((mode & UFFDIO_REGISTER_MODE_MISSING) != 0)
            throw CallError.notModelled("UFFDIO_REGISTER_MODE_MISSING");
        if ((mode & UFFDIO_REGISTER_MODE_MINOR) != 0)
            throw CallError.notModelled("UFFDIO_REGISTER_MODE_MINOR");
        long vmFlags = VM_UFFD_WP;
        Mm mm = ctx.mm;
        int err = validateRange(mm, start, len);
        if (err != 0) return err;
        long end = start + len;
        if (mm.users == 0) return -Errno.ENOMEM; // mmget_not_zero()
        List<Vma> vmas = mm.vmas.range(start, end);
        if (vmas.isEmpty()) return -Errno.EINVAL;
        Vma first = vmas.get(0);
        if (Hugetlb.isHugetlb(first) && (start & (first.inode().pageSize - 1)) != 0)
            return -Errno.EINVAL;
        for (Vma cur : vmas) {
            if (!canUserfault(cur, vmFlags, ctx.wpAsync())) return -Errno.EINVAL;
            if (cur.privateData != null)
                throw CallError.notModelled("userfaultfd on a " + cur.privateData.getClass()
                        .getSimpleName() + " mapping");
            // "UFFDIO_COPY will fill file holes even without PROT_WRITE"
            if (!cur.test(VM_MAYWRITE)) return -Errno.EPERM;
            if (Hugetlb.isHugetlb(cur) && end <= cur.end && end > cur.start
                    && (end & (cur.inode().pageSize - 1)) != 0) {
                return -Errno.EINVAL;
            }
            if (cur.uffdCtx != null && cur.uffdCtx != ctx) return -Errno.EBUSY;
        }
        return registerRange(ctx, mm, vmFlags, start, end);
    }

    /** userfaultfd_register_range() (mm/userfaultfd.c). */
    private int registerRange(UserfaultfdCtx ctx, Mm mm, long vmFlags, long start, long end) {
        for (Vma vma : mm.vmas.range(start, end)) {
            if (vma.uffdCtx == ctx && (vma.flags & vmFlags) == vmFlags) continue;
            long s = Math.max(start, vma.start), e = Math.min(end, vma.end);
            int err = core.vmaOps.isolate(mm, s, e);
            if (err != 0) return err;
            Vma v = mm.vmas.lookup(s);
            v.uffdCtx = ctx;
            core.vmaOps.setFlags(List.of(v), (v.flags & ~VM_UFFD_FLAGS) | vmFlags);
            v = core.vmaOps.mergeNeighbours(v);
            // hugetlb_unshare_all_pmds() when uffd_disable_huge_pmd_share()
            if (Hugetlb.isHugetlb(v)) core.hugetlb.share.unsharePmds(v, v.start, v.end);
        }
        return 0;
    }

    /** userfaultfd_unregister() after copy_from_user(): 0 or -errno. */
    public int unregister(UserfaultfdCtx ctx, long start, long len) {
        Mm mm = ctx.mm;
        int err = validateRange(mm, start, len);
        if (err != 0) return err;
        long end = start + len;
        if (mm.users == 0) return -Errno.ENOMEM;
        List<Vma> vmas = mm.vmas.range(start, end);
        if (vmas.isEmpty()) return -Errno.EINVAL;
        Vma first = vmas.get(0);
        if (Hugetlb.isHugetlb(first) && (start & (first.inode().pageSize - 1)) != 0)
            return -Errno.EINVAL;
        for (Vma cur : vmas) {
            // "Prevent unregistering through a different userfaultfd than the one used"
            if (cur.uffdCtx != null && cur.uffdCtx != ctx) return -Errno.EINVAL;
            if (!canUserfault(cur, cur.flags, ctx.wpAsync())) return -Errno.EINVAL;
        }
        for (Vma vma : mm.vmas.range(start, end)) {
            if (vma.uffdCtx == null) continue;
            err = clearVma(vma, Math.max(start, vma.start), Math.min(end, vma.end));
            if (err != 0) return err;
        }
        return 0;
    }

    /**
     * userfaultfd_clear_vma(): the uffd-wp bits and markers of [start, end) go
     * (uffd_wp_range(..., false)), then the VMA part loses its uffd flags and context.
     */
    private int clearVma(Vma vma, long start, long end) {
        if (vma.test(VM_UFFD_WP)) {
            long r = uffdWpRange(vma, start, end, false);
            if (r < 0) return (int) r;
        }
        Mm mm = vma.mm;
        int err = core.vmaOps.isolate(mm, start, end);
        if (err != 0) return err;
        Vma v = mm.vmas.lookup(start);
        resetCtx(v);
        core.vmaOps.mergeNeighbours(v);
        return 0;
    }

    /** userfaultfd_reset_ctx(): no context, no uffd flags (vm_page_prot follows the flags). */
    static void resetCtx(Vma vma) {
        vma.uffdCtx = null;
        vma.flags &= ~VM_UFFD_FLAGS;
    }

    /** userfaultfd_release() → userfaultfd_release_all(): every VMA of the context is cleared. */
    public void release(UserfaultfdCtx ctx) {
        ctx.released = true;
        Mm mm = ctx.mm;
        if (mm.users == 0) return; // mmget_not_zero()
        for (Vma vma : List.copyOf(mm.vmas.all())) {
            Vma v = mm.vmas.lookup(vma.start);
            if (v == null || v.uffdCtx != ctx) continue;
            clearVma(v, v.start, v.end);
        }
    }

    /** userfaultfd_writeprotect() after copy_from_user(): 0 or -errno. */
    public int writeprotect(UserfaultfdCtx ctx, long start, long len, long mode) {
        int err = validateRange(ctx.mm, start, len);
        if (err != 0) return err;
        if ((mode & ~(UFFDIO_WRITEPROTECT_MODE_DONTWAKE | UFFDIO_WRITEPROTECT_MODE_WP)) != 0)
            return -Errno.EINVAL;
        boolean wp = (mode & UFFDIO_WRITEPROTECT_MODE_WP) != 0;
        if (wp && (mode & UFFDIO_WRITEPROTECT_MODE_DONTWAKE) != 0) return -Errno.EINVAL;
        if (ctx.mm.users == 0) return -Errno.ESRCH;
        return mwriteprotectRange(ctx.mm, start, start + len, wp);
    }

    /** mwriteprotect_range() (mm/userfaultfd.c): -ENOENT at the first VMA without uffd-wp. */
    private int mwriteprotectRange(Mm mm, long start, long end, boolean wp) {
        int err = -Errno.ENOENT;
        for (Vma vma : mm.vmas.range(start, end)) {
            if (!vma.test(VM_UFFD_WP)) return -Errno.ENOENT;
            if (Hugetlb.isHugetlb(vma)) {
                long mask = vma.inode().pageSize - 1;
                if ((start & mask) != 0 || ((end - start) & mask) != 0) return -Errno.EINVAL;
                throw CallError.notModelled("UFFDIO_WRITEPROTECT on hugetlb");
            }
            long r = uffdWpRange(vma, Math.max(vma.start, start), Math.min(vma.end, end), wp);
            if (r < 0) return (int) r;
            err = 0;
        }
        return err;
    }

    /**
     * uffd_wp_range(): change_protection() with MM_CP_UFFD_WP or MM_CP_UFFD_WP_RESOLVE (and
     * MM_CP_TRY_CHANGE_WRITABLE when resolving on a VMA that wants manual write upgrades).
     * Returns the entries changed, or -ENOMEM.
     */
    long uffdWpRange(Vma vma, long start, long end, boolean wp) {
        // COW PTE: change_pte_range() writes entries, so this mm needs its own tables first.
        if (!core.cowPte.breakRange(vma.mm, start, end)) return -Errno.ENOMEM;
        return core.mprotect.changeProtection(vma, start, end,
                wp ? Mprotect.CP_UFFD_WP : Mprotect.CP_UFFD_WP_RESOLVE);
    }

    /**
     * dup_userfaultfd() for one child VMA at fork: without UFFD_FEATURE_EVENT_FORK the child's
     * VMA loses its context and uffd flags; with it, the child's VMAs of one parent context share
     * a new context on the child's mm ({@code forkCtxs}: parent context → child context). The
     * UFFD_EVENT_FORK message is not delivered (the model has no read(2) on a userfaultfd), so
     * fork does not wait for it as dup_userfaultfd_complete() does.
     */
    public static void dupUserfaultfd(Vma dst, Map<UserfaultfdCtx, UserfaultfdCtx> forkCtxs) {
        UserfaultfdCtx octx = dst.uffdCtx;
        if (octx == null) return;
        if (!octx.has(UserfaultfdCtx.UFFD_FEATURE_EVENT_FORK)) {
            resetCtx(dst);
            return;
        }
        dst.uffdCtx = forkCtxs.computeIfAbsent(octx, o -> {
            UserfaultfdCtx c = new UserfaultfdCtx(dst.mm, o.flags);
            c.features = o.features;
            return c;
        });
    }

    /** vma_has_uffd_without_event_remap(). */
    static boolean withoutEventRemap(Vma vma) {
        return vma.uffdCtx != null && !vma.uffdCtx.has(UserfaultfdCtx.UFFD_FEATURE_EVENT_REMAP);
    }

    /**
     * mremap_userfaultfd_prep() on the moved VMA: without UFFD_FEATURE_EVENT_REMAP it is no
     * longer registered (move_ptes() has already dropped its uffd-wp bits and markers).
     */
    static void mremapPrep(Vma moved) {
        if (withoutEventRemap(moved)) resetCtx(moved);
    }
}
