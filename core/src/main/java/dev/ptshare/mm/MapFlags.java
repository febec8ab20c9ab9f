package dev.ptshare.mm;

/** mmap(2) prot and flags values (include/uapi/asm-generic/mman-common.h, x86 mman.h). */
public final class MapFlags {
    private MapFlags() {}

    public static final int PROT_NONE = 0, PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
    public static final int PROT_GROWSDOWN = 0x01000000, PROT_GROWSUP = 0x02000000;

    public static final int MAP_SHARED = 0x01, MAP_PRIVATE = 0x02, MAP_SHARED_VALIDATE = 0x03;
    public static final int MAP_TYPE = 0x0f;
    public static final int MAP_FIXED = 0x10, MAP_ANONYMOUS = 0x20, MAP_32BIT = 0x40;
    public static final int MAP_GROWSDOWN = 0x100, MAP_DENYWRITE = 0x800, MAP_EXECUTABLE = 0x1000;
    public static final int MAP_LOCKED = 0x2000, MAP_NORESERVE = 0x4000, MAP_POPULATE = 0x8000;
    public static final int MAP_NONBLOCK = 0x10000, MAP_STACK = 0x20000, MAP_HUGETLB = 0x40000;
    public static final int MAP_SYNC = 0x80000, MAP_FIXED_NOREPLACE = 0x100000;
    /**
     * Not in Linux: "[PATCH RFC v2 2/4] mm/ptshare: Add flag MAP_SHARED_PT to mmap()" (Khalid Aziz,
     * April 2023) adds it to asm-generic/mman-common.h. It stays out of LEGACY_MAP_MASK, as there.
     */
    public static final int MAP_SHARED_PT = 0x200000;
    public static final int MAP_UNINITIALIZED = 0x4000000;
    public static final int MAP_HUGE_SHIFT = 26, MAP_HUGE_MASK = 0x3f;

    /** LEGACY_MAP_MASK: flags MAP_SHARED_VALIDATE accepts without checking (mman.h). */
    public static final int LEGACY_MAP_MASK = MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS
            | MAP_DENYWRITE | MAP_EXECUTABLE
            | MAP_UNINITIALIZED | MAP_GROWSDOWN | MAP_LOCKED | MAP_NORESERVE | MAP_POPULATE
            | MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB | MAP_32BIT
            | (MAP_HUGE_MASK << MAP_HUGE_SHIFT);
}
