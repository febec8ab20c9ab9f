package dev.ptshare.check;

/**
 * A userfaultfd context as the reference sees it: the address space it serves, the features
 * UFFDIO_API enabled, and whether a file still refers to it. Pages registered with it carry it
 * ({@link RefPage#uffd}) and a write-protection state ({@link RefPage#wp}).
 */
final class RefUffd {
    /** RefPage.wp: not write-protected, write-protected, or unknowable (see {@link #MAYBE}). */
    static final byte NO = 0, YES = 1;
    /**
     * Anonymous memory write-protected while unpopulated: UFFDIO_WRITEPROTECT protects the
     * entries that exist, and whether a page that was never written has one (a zero-page read,
     * a fork copy) is page-table state the reference does not keep. The model's answer decides.
     */
    static final byte MAYBE = 2;

    // include/uapi/linux/userfaultfd.h
    static final int EVENT_FORK = 1 << 1, EVENT_REMAP = 1 << 2, SIGBUS = 1 << 7,
            WP_UNPOPULATED = 1 << 13, WP_ASYNC = 1 << 15;

    /** The process whose mappings it serves (ctx->mm). */
    final RefSpace space;
    /** False for a context fork made (UFFD_FEATURE_EVENT_FORK): no descriptor refers to it. */
    final boolean hasFile;
    int features;
    boolean initialized;
    boolean released;

    RefUffd(RefSpace space, boolean hasFile) {
        this.space = space;
        this.hasFile = hasFile;
    }

    boolean has(int feature) {
        return (features & feature) != 0;
    }

    /** The context the child's pages use after fork (dup_userfaultfd() with EVENT_FORK). */
    RefUffd forkedInto(RefSpace child) {
        RefUffd c = new RefUffd(child, false);
        c.features = features;
        c.initialized = true;
        return c;
    }

    /** UFFDIO_API succeeded. */
    void api(long features) {
        this.features = (int) features;
        if (has(WP_ASYNC)) this.features |= WP_UNPOPULATED;
        initialized = true;
    }

    /** UFFDIO_REGISTER (WP) succeeded: the mapped pages of the range are registered. */
    void register(long start, long len) {
        for (long vpn : space.vpnsIn(start >>> 12, (start >>> 12) + (len >>> 12))) {
            space.pages.get(vpn).uffd = this;
        }
    }

    /** UFFDIO_UNREGISTER succeeded: the pages of u in the range lose registration and wp. */
    void unregister(long start, long len) {
        for (long vpn : space.vpnsIn(start >>> 12, (start >>> 12) + (len >>> 12))) {
            RefPage p = space.pages.get(vpn);
            if (p.uffd == this) {
                p.uffd = null;
                p.wp = NO;
            }
        }
    }

    /**
     * UFFDIO_WRITEPROTECT over a valid range: pages in address order until the first mapped one
     * that is not registered (mwriteprotect_range(): -ENOENT, the earlier VMAs done). Returns 0
     * or ENOENT (also when nothing is mapped). Protecting covers every file page (markers on
     * none entries), anonymous pages that were written, and with UFFD_FEATURE_WP_UNPOPULATED
     * every anonymous page; other anonymous pages are {@link #MAYBE}.
     */
    int writeprotect(long start, long len, boolean wp) {
        boolean any = false;
        for (long vpn : space.vpnsIn(start >>> 12, (start >>> 12) + (len >>> 12))) {
            RefPage p = space.pages.get(vpn);
            if (p.uffd == null) return dev.ptshare.kernel.Errno.ENOENT;
            any = true;
            if (p.guard) continue; // change_pte_range() skips guard markers
            if (!wp)
                p.wp = NO;
            else if (p.obj != null || p.data != null || p.uffd.has(WP_UNPOPULATED))
                p.wp = YES;
            else if (p.wp != YES) p.wp = MAYBE;
        }
        return any ? 0 : dev.ptshare.kernel.Errno.ENOENT;
    }
}
