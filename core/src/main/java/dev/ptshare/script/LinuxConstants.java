package dev.ptshare.script;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Symbolic constants scripts may write, with their Linux x86_64 values, and the bare words
 * that calls interpret themselves. Values were checked against the uapi headers named per
 * group (torvalds/linux); octal literals mirror headers that are written in octal.
 */
public final class LinuxConstants {
    private LinuxConstants() {}

    /**
     * {@code NULL} is an address, not a flag: the parser turns it into
     * {@code Expr.Const("NULL", 0)}.
     */
    public static final String NULL = "NULL";

    private static final Map<String, Long> FLAGS = new LinkedHashMap<>();

    private static void def(String name, long value) {
        if (FLAGS.put(name, value) != null) throw new IllegalStateException("duplicate " + name);
    }

    private static final int HUGETLB_FLAG_ENCODE_SHIFT = 26; // asm-generic/hugetlb_encode.h

    static {
        // include/uapi/asm-generic/mman-common.h
        def("PROT_NONE", 0x0);
        def("PROT_READ", 0x1);
        def("PROT_WRITE", 0x2);
        def("PROT_EXEC", 0x4);
        def("PROT_SEM", 0x8);
        def("PROT_GROWSDOWN", 0x01000000);
        def("PROT_GROWSUP", 0x02000000);

        // include/uapi/linux/mman.h (MAP_SHARED..MAP_SHARED_VALIDATE, MAP_HUGE_*),
        // include/uapi/asm-generic/mman-common.h, include/uapi/asm-generic/mman.h,
        // arch/x86/include/uapi/asm/mman.h (MAP_32BIT, MAP_ABOVE4G)
        def("MAP_SHARED", 0x01);
        def("MAP_PRIVATE", 0x02);
        def("MAP_SHARED_VALIDATE", 0x03);
        def("MAP_FIXED", 0x10);
        def("MAP_ANONYMOUS", 0x20);
        def("MAP_ANON", 0x20);
        def("MAP_FILE", 0);
        def("MAP_32BIT", 0x40);
        def("MAP_ABOVE4G", 0x80);
        def("MAP_GROWSDOWN", 0x0100);
        def("MAP_DENYWRITE", 0x0800);
        def("MAP_EXECUTABLE", 0x1000);
        def("MAP_LOCKED", 0x2000);
        def("MAP_NORESERVE", 0x4000);
        def("MAP_POPULATE", 0x8000);
        def("MAP_NONBLOCK", 0x10000);
        def("MAP_STACK", 0x20000);
        def("MAP_HUGETLB", 0x40000);
        def("MAP_SYNC", 0x80000);
        def("MAP_FIXED_NOREPLACE", 0x100000);
        def("MAP_UNINITIALIZED", 0x4000000);
        def("MAP_HUGE_2MB", 21L << HUGETLB_FLAG_ENCODE_SHIFT);
        def("MAP_HUGE_1GB", 30L << HUGETLB_FLAG_ENCODE_SHIFT);
        // Not in Linux: "[PATCH RFC v2 2/4] mm/ptshare: Add flag MAP_SHARED_PT to mmap()"
        // (Khalid Aziz, 2023-04-26) adds it to asm-generic/mman-common.h as 0x200000.
        // 0x8000000 was considered and rejected: bit 27 lies in the MAP_HUGE_* size field
        // (bits 26..31), so MAP_HUGE_1GB (30 << 26) would read as MAP_SHARED_PT.
        def("MAP_SHARED_PT", 0x200000);

        // include/uapi/asm-generic/fcntl.h (x86_64 uses the generic values)
        def("O_RDONLY", 00000000);
        def("O_WRONLY", 00000001);
        def("O_RDWR", 00000002);
        def("O_CREAT", 00000100);
        def("O_EXCL", 00000200);
        def("O_NOCTTY", 00000400);
        def("O_TRUNC", 00001000);
        def("O_APPEND", 00002000);
        def("O_NONBLOCK", 00004000);
        def("O_DSYNC", 00010000);
        def("O_DIRECT", 00040000);
        def("O_DIRECTORY", 00200000);
        def("O_NOFOLLOW", 00400000);
        def("O_NOATIME", 01000000);
        def("O_CLOEXEC", 02000000);
        def("O_SYNC", 04000000 | 00010000);
        def("O_PATH", 010000000);

        // include/uapi/asm-generic/mman-common.h
        def("MADV_NORMAL", 0);
        def("MADV_RANDOM", 1);
        def("MADV_SEQUENTIAL", 2);
        def("MADV_WILLNEED", 3);
        def("MADV_DONTNEED", 4);
        def("MADV_FREE", 8);
        def("MADV_REMOVE", 9);
        def("MADV_DONTFORK", 10);
        def("MADV_DOFORK", 11);
        def("MADV_MERGEABLE", 12);
        def("MADV_UNMERGEABLE", 13);
        def("MADV_HUGEPAGE", 14);
        def("MADV_NOHUGEPAGE", 15);
        def("MADV_DONTDUMP", 16);
        def("MADV_DODUMP", 17);
        def("MADV_WIPEONFORK", 18);
        def("MADV_KEEPONFORK", 19);
        def("MADV_COLD", 20);
        def("MADV_PAGEOUT", 21);
        def("MADV_POPULATE_READ", 22);
        def("MADV_POPULATE_WRITE", 23);
        def("MADV_DONTNEED_LOCKED", 24);
        def("MADV_COLLAPSE", 25);
        def("MADV_HWPOISON", 100);
        def("MADV_SOFT_OFFLINE", 101);
        def("MADV_GUARD_INSTALL", 102);
        def("MADV_GUARD_REMOVE", 103);

        // include/uapi/linux/mman.h
        def("MREMAP_MAYMOVE", 1);
        def("MREMAP_FIXED", 2);
        def("MREMAP_DONTUNMAP", 4);

        // include/uapi/linux/memfd.h
        def("MFD_CLOEXEC", 0x0001);
        def("MFD_ALLOW_SEALING", 0x0002);
        def("MFD_HUGETLB", 0x0004);
        def("MFD_HUGE_2MB", 21L << HUGETLB_FLAG_ENCODE_SHIFT);
        def("MFD_HUGE_1GB", 30L << HUGETLB_FLAG_ENCODE_SHIFT);

        // include/uapi/linux/falloc.h
        def("FALLOC_FL_ALLOCATE_RANGE", 0x00);
        def("FALLOC_FL_KEEP_SIZE", 0x01);
        def("FALLOC_FL_PUNCH_HOLE", 0x02);
        def("FALLOC_FL_NO_HIDE_STALE", 0x04);
        def("FALLOC_FL_COLLAPSE_RANGE", 0x08);
        def("FALLOC_FL_ZERO_RANGE", 0x10);
        def("FALLOC_FL_INSERT_RANGE", 0x20);
        def("FALLOC_FL_UNSHARE_RANGE", 0x40);
        def("FALLOC_FL_WRITE_ZEROES", 0x80);

        // include/uapi/linux/userfaultfd.h
        def("UFFD_API", 0xAA);
        def("UFFD_USER_MODE_ONLY", 1);
        List<String> features = List.of("PAGEFAULT_FLAG_WP", "EVENT_FORK", "EVENT_REMAP",
                "EVENT_REMOVE",
                "MISSING_HUGETLBFS", "MISSING_SHMEM", "EVENT_UNMAP", "SIGBUS", "THREAD_ID",
                "MINOR_HUGETLBFS", "MINOR_SHMEM", "EXACT_ADDRESS", "WP_HUGETLBFS_SHMEM",
                "WP_UNPOPULATED", "POISON", "WP_ASYNC", "MOVE");
        for (int bit = 0; bit < features.size(); bit++)
            def("UFFD_FEATURE_" + features.get(bit), 1L << bit);
        def("UFFDIO_REGISTER_MODE_MISSING", 1L << 0);
        def("UFFDIO_REGISTER_MODE_WP", 1L << 1);
        def("UFFDIO_REGISTER_MODE_MINOR", 1L << 2);
        def("UFFDIO_COPY_MODE_DONTWAKE", 1L << 0);
        def("UFFDIO_COPY_MODE_WP", 1L << 1);
        def("UFFDIO_WRITEPROTECT_MODE_WP", 1L << 0);
        def("UFFDIO_WRITEPROTECT_MODE_DONTWAKE", 1L << 1);
    }

    /** Every constant, in header order. */
    public static final Map<String, Long> ALL = Collections.unmodifiableMap(FLAGS);

    /**
     * Bare words that calls interpret themselves (so the parser does not read them as
     * variables): access kinds for {@code touch}, filesystem types for {@code mount}, and
     * ioctl command names (mshare, include/uapi/linux/userfaultfd.h).
     */
    public static final Set<String> WORDS = Set.of(
            "read", "write", "exec",
            "tmpfs", "hugetlbfs", "msharefs", "ramfs",
            "MSHAREFS_CREATE_MAPPING", "MSHAREFS_UNMAP",
            "UFFDIO_API", "UFFDIO_REGISTER", "UFFDIO_UNREGISTER", "UFFDIO_WAKE", "UFFDIO_COPY",
            "UFFDIO_ZEROPAGE", "UFFDIO_WRITEPROTECT", "UFFDIO_CONTINUE", "UFFDIO_POISON",
            "UFFDIO_MOVE");

    /**
     * Prefixes of constant families: an unknown name with one of them is a typo, not a variable.
     */
    private static final List<
            String> FAMILIES = List.of("PROT_", "MAP_", "O_", "MADV_", "MREMAP_", "MFD_",
                    "FALLOC_FL_", "UFFD_FEATURE_", "UFFD_USER_", "UFFDIO_REGISTER_MODE_",
                    "UFFDIO_COPY_MODE_", "UFFDIO_WRITEPROTECT_MODE_");

    public static boolean isFlag(String name) {
        return FLAGS.containsKey(name);
    }

    public static OptionalLong flag(String name) {
        Long v = FLAGS.get(name);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    public static boolean isWord(String name) {
        return WORDS.contains(name);
    }

    /** The errno number of {@code name} ({@code EINVAL} is 22); the table is {@link Errno}. */
    public static OptionalInt errno(String name) {
        return Errno.number(name);
    }

    /** The signal number of {@code name} ({@code SIGSEGV} is 11); the table is {@link Signals}. */
    public static OptionalInt signal(String name) {
        return Signals.number(name);
    }

    /** True for an unknown name that belongs to a constant family, e.g. {@code MAP_SHRED}. */
    public static boolean looksLikeFlag(String name) {
        return !isFlag(name) && !isWord(name) && FAMILIES.stream().anyMatch(name::startsWith);
    }
}
