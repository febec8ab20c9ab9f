package dev.ptshare.mm;

/** vm_flags bits of include/linux/mm.h (x86_64, Linux 6.18). */
public final class VmFlags {
    private VmFlags() {}

    public static final long VM_READ = 0x1L;
    public static final long VM_WRITE = 0x2L;
    public static final long VM_EXEC = 0x4L;
    public static final long VM_SHARED = 0x8L;
    public static final long VM_MAYREAD = 0x10L;
    public static final long VM_MAYWRITE = 0x20L;
    public static final long VM_MAYEXEC = 0x40L;
    public static final long VM_MAYSHARE = 0x80L;
    public static final long VM_GROWSDOWN = 0x100L;
    public static final long VM_UFFD_MISSING = 0x200L;
    public static final long VM_PFNMAP = 0x400L;
    /** VM_MAYBE_GUARD ("gu"): 6.19+, never set by the 6.18 model (see docs/kernel-rules.md). */
    public static final long VM_MAYBE_GUARD = 0x800L;
    public static final long VM_UFFD_WP = 0x1000L;
    public static final long VM_LOCKED = 0x2000L;
    public static final long VM_IO = 0x4000L;
    public static final long VM_SEQ_READ = 0x8000L;
    public static final long VM_RAND_READ = 0x10000L;
    public static final long VM_DONTCOPY = 0x20000L;
    public static final long VM_DONTEXPAND = 0x40000L;
    public static final long VM_LOCKONFAULT = 0x80000L;
    public static final long VM_ACCOUNT = 0x100000L;
    public static final long VM_NORESERVE = 0x200000L;
    public static final long VM_HUGETLB = 0x400000L;
    public static final long VM_SYNC = 0x800000L;
    public static final long VM_ARCH_1 = 0x1000000L;
    public static final long VM_WIPEONFORK = 0x2000000L;
    public static final long VM_DONTDUMP = 0x4000000L;
    public static final long VM_SOFTDIRTY = 0x8000000L;
    public static final long VM_MIXEDMAP = 0x10000000L;
    public static final long VM_HUGEPAGE = 0x20000000L;
    public static final long VM_NOHUGEPAGE = 0x40000000L;
    public static final long VM_MERGEABLE = 0x80000000L;
    public static final long VM_SHADOW_STACK = 1L << 37;
    public static final long VM_DROPPABLE = 1L << 40;
    public static final long VM_UFFD_MINOR = 1L << 41;
    public static final long VM_SEALED = 1L << 42;
    /**
     * VM_MSHARE: the mshare v2 patch 06 used bit 41, which 6.18 gives to VM_UFFD_MINOR; the model
     * takes the first free bit. It has no smaps mnemonic (the series does not touch fs/proc).
     */
    public static final long VM_MSHARE = 1L << 43;
    /**
     * VM_SHARED_PT: "[PATCH RFC v2 1/4] mm/ptshare: Add vm flag for shared PTE" used VM_HIGH_ARCH_5
     * (bit 37), which 6.18 gives to VM_SHADOW_STACK on x86; the model takes the next free bit. The
     * series adds no smaps mnemonic (only the trace name "sharedpt"), so smaps prints "??" for it.
     */
    public static final long VM_SHARED_PT = 1L << 44;

    /** VM_SPECIAL: mappings that are never merged or expanded. */
    public static final long VM_SPECIAL = VM_IO | VM_DONTEXPAND | VM_PFNMAP | VM_MIXEDMAP;

    public static final long VM_ACCESS_FLAGS = VM_READ | VM_WRITE | VM_EXEC;

    /** VM_COPY_ON_FORK (mm.h, Lorenzo Stoakes, Nov 2025). */
    public static final long VM_COPY_ON_FORK = VM_PFNMAP | VM_MIXEDMAP | VM_UFFD_WP
            | VM_MAYBE_GUARD;

    /** calc_vm_prot_bits() for PROT_READ/WRITE/EXEC = 1/2/4. */
    public static long fromProt(int prot) {
        return (prot & 1) * VM_READ | ((prot >> 1) & 1) * VM_WRITE | ((prot >> 2) & 1) * VM_EXEC;
    }
}
