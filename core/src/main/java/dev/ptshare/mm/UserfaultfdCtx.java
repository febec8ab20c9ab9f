package dev.ptshare.mm;

/**
 * A struct userfaultfd_ctx (fs/userfaultfd.c): the mm it serves, the features UFFDIO_API
 * enabled, and whether its file has been released. VMAs registered with it point at it
 * ({@link Vma#uffdCtx}, vm_userfaultfd_ctx).
 */
public final class UserfaultfdCtx {
    // include/uapi/linux/userfaultfd.h
    public static final long UFFD_API = 0xAA;
    public static final int UFFD_FEATURE_PAGEFAULT_FLAG_WP = 1 << 0;
    public static final int UFFD_FEATURE_EVENT_FORK = 1 << 1;
    public static final int UFFD_FEATURE_EVENT_REMAP = 1 << 2;
    public static final int UFFD_FEATURE_SIGBUS = 1 << 7;
    public static final int UFFD_FEATURE_WP_UNPOPULATED = 1 << 13;
    public static final int UFFD_FEATURE_WP_ASYNC = 1 << 15;
    /** UFFD_API_FEATURES: bits 0..16, all of which x86_64 6.18 reports. */
    public static final int UFFD_API_FEATURES = (1 << 17) - 1;
    /** fs/userfaultfd.c UFFD_FEATURE_INITIALIZED: set once UFFDIO_API succeeded. */
    static final int UFFD_FEATURE_INITIALIZED = 1 << 31;

    /** ctx->mm: the mm of the task that called userfaultfd(2) (or of the fork child). */
    public final Mm mm;
    /** ctx->flags: O_CLOEXEC, O_NONBLOCK and UFFD_USER_MODE_ONLY as userfaultfd(2) got them. */
    public final int flags;
    /** ctx->features, with {@link #UFFD_FEATURE_INITIALIZED}; 0 until UFFDIO_API. */
    int features;
    /** ctx->released: its file is gone (userfaultfd_release()). */
    boolean released;

    public UserfaultfdCtx(Mm mm, int flags) {
        this.mm = mm;
        this.flags = flags;
    }

    /** userfaultfd_is_initialized(). */
    public boolean initialized() {
        return (features & UFFD_FEATURE_INITIALIZED) != 0;
    }

    public boolean has(int feature) {
        return (features & feature) != 0;
    }

    /** The features UFFDIO_API enabled, as the user asked for them (without INITIALIZED). */
    public int features() {
        return features & ~UFFD_FEATURE_INITIALIZED;
    }

    /** userfaultfd_api()'s cmpxchg(&ctx->features, 0, ...): false if already initialized. */
    public boolean initialize(int userFeatures) {
        if (features != 0) return false;
        features = userFeatures | UFFD_FEATURE_INITIALIZED; // uffd_ctx_features()
        return true;
    }

    /** userfaultfd_wp_async_ctx(). */
    public boolean wpAsync() {
        return has(UFFD_FEATURE_WP_ASYNC);
    }
}
