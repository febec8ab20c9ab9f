package dev.ptshare.proc;

import java.util.List;

/**
 * vm_flags bits of include/linux/mm.h in Linux 6.18 for x86_64, and the VmFlags mnemonics that
 * show_smap_vma_flags() (fs/proc/task_mmu.c) prints for them under {@link ProcConfig}'s assumed
 * build: CONFIG_64BIT, CONFIG_MEM_SOFT_DIRTY, CONFIG_X86_INTEL_MEMORY_PROTECTION_KEYS
 * (ARCH_PKEY_BITS=4), CONFIG_HAVE_ARCH_USERFAULTFD_MINOR, CONFIG_X86_USER_SHADOW_STACK.
 *
 * <p>Bit 11 is free in 6.18 (VM_DENYWRITE went in 5.15; VM_MAYBE_GUARD "gu" takes it in 6.19), so
 * a set bit 11 prints "??", as do bits 36, 38, 39 (VM_ALLOW_ANY_UNCACHED has no mnemonic) and
 * 43..63.
 */
public final class VmFlags {
    private VmFlags() {}

    public static final long VM_NONE = 0L;
    public static final long VM_READ = 1L << 0;
    public static final long VM_WRITE = 1L << 1;
    public static final long VM_EXEC = 1L << 2;
    public static final long VM_SHARED = 1L << 3;
    public static final long VM_MAYREAD = 1L << 4;
    public static final long VM_MAYWRITE = 1L << 5;
    public static final long VM_MAYEXEC = 1L << 6;
    public static final long VM_MAYSHARE = 1L << 7;
    public static final long VM_GROWSDOWN = 1L << 8;
    public static final long VM_UFFD_MISSING = 1L << 9;
    public static final long VM_PFNMAP = 1L << 10;
    public static final long VM_UFFD_WP = 1L << 12;
    public static final long VM_LOCKED = 1L << 13;
    public static final long VM_IO = 1L << 14;
    public static final long VM_SEQ_READ = 1L << 15;
    public static final long VM_RAND_READ = 1L << 16;
    public static final long VM_DONTCOPY = 1L << 17;
    public static final long VM_DONTEXPAND = 1L << 18;
    public static final long VM_LOCKONFAULT = 1L << 19;
    public static final long VM_ACCOUNT = 1L << 20;
    public static final long VM_NORESERVE = 1L << 21;
    public static final long VM_HUGETLB = 1L << 22;
    public static final long VM_SYNC = 1L << 23;
    /** VM_ARCH_1 is VM_PAT on x86. */
    public static final long VM_ARCH_1 = 1L << 24;
    public static final long VM_WIPEONFORK = 1L << 25;
    public static final long VM_DONTDUMP = 1L << 26;
    public static final long VM_SOFTDIRTY = 1L << 27;
    public static final long VM_MIXEDMAP = 1L << 28;
    public static final long VM_HUGEPAGE = 1L << 29;
    public static final long VM_NOHUGEPAGE = 1L << 30;
    public static final long VM_MERGEABLE = 1L << 31;
    /** VM_HIGH_ARCH_0..3: the 4-bit x86 protection key; printed via ProtectionKey, not VmFlags. */
    public static final int VM_PKEY_SHIFT = 32;
    public static final long VM_PKEY_BIT0 = 1L << 32;
    public static final long VM_PKEY_BIT1 = 1L << 33;
    public static final long VM_PKEY_BIT2 = 1L << 34;
    public static final long VM_PKEY_BIT3 = 1L << 35;
    public static final long ARCH_VM_PKEY_FLAGS = VM_PKEY_BIT0 | VM_PKEY_BIT1 | VM_PKEY_BIT2
            | VM_PKEY_BIT3;
    /** VM_HIGH_ARCH_5 on x86. */
    public static final long VM_SHADOW_STACK = 1L << 37;
    public static final long VM_ALLOW_ANY_UNCACHED = 1L << 39;
    public static final long VM_DROPPABLE = 1L << 40;
    public static final long VM_UFFD_MINOR = 1L << 41;
    /** mseal(2), since 6.10. */
    public static final long VM_SEALED = 1L << 42;

    /** One row of the mnemonics[] initializer in show_smap_vma_flags(). */
    public record Mnemonic(long flag, String text) {}

    /**
     * The mnemonics[] rows, in source order. An empty text marks a bit that is never printed (the
     * pkey bits). Printing walks bits 0..63, not this order.
     */
    public static final List<Mnemonic> TABLE = List.of(
            new Mnemonic(VM_READ, "rd"),
            new Mnemonic(VM_WRITE, "wr"),
            new Mnemonic(VM_EXEC, "ex"),
            new Mnemonic(VM_SHARED, "sh"),
            new Mnemonic(VM_MAYREAD, "mr"),
            new Mnemonic(VM_MAYWRITE, "mw"),
            new Mnemonic(VM_MAYEXEC, "me"),
            new Mnemonic(VM_MAYSHARE, "ms"),
            new Mnemonic(VM_GROWSDOWN, "gd"),
            new Mnemonic(VM_PFNMAP, "pf"),
            new Mnemonic(VM_LOCKED, "lo"),
            new Mnemonic(VM_IO, "io"),
            new Mnemonic(VM_SEQ_READ, "sr"),
            new Mnemonic(VM_RAND_READ, "rr"),
            new Mnemonic(VM_DONTCOPY, "dc"),
            new Mnemonic(VM_DONTEXPAND, "de"),
            new Mnemonic(VM_LOCKONFAULT, "lf"),
            new Mnemonic(VM_ACCOUNT, "ac"),
            new Mnemonic(VM_NORESERVE, "nr"),
            new Mnemonic(VM_HUGETLB, "ht"),
            new Mnemonic(VM_SYNC, "sf"),
            new Mnemonic(VM_ARCH_1, "ar"),
            new Mnemonic(VM_WIPEONFORK, "wf"),
            new Mnemonic(VM_DONTDUMP, "dd"),
            new Mnemonic(VM_SOFTDIRTY, "sd"),
            new Mnemonic(VM_MIXEDMAP, "mm"),
            new Mnemonic(VM_HUGEPAGE, "hg"),
            new Mnemonic(VM_NOHUGEPAGE, "nh"),
            new Mnemonic(VM_MERGEABLE, "mg"),
            new Mnemonic(VM_UFFD_MISSING, "um"),
            new Mnemonic(VM_UFFD_WP, "uw"),
            new Mnemonic(VM_PKEY_BIT0, ""),
            new Mnemonic(VM_PKEY_BIT1, ""),
            new Mnemonic(VM_PKEY_BIT2, ""),
            new Mnemonic(VM_PKEY_BIT3, ""),
            new Mnemonic(VM_UFFD_MINOR, "ui"),
            new Mnemonic(VM_SHADOW_STACK, "ss"),
            new Mnemonic(VM_DROPPABLE, "dp"),
            new Mnemonic(VM_SEALED, "sl"));

    private static final String[] BY_BIT = new String[64];

    static {
        java.util.Arrays.fill(BY_BIT, "??");
        for (Mnemonic m : TABLE) {
            BY_BIT[Long.numberOfTrailingZeros(m.flag())] = m.text();
        }
    }

    /** The mnemonic printed for bit (0..63): "??" for unknown bits, "" for never-printed ones. */
    public static String mnemonic(int bit) {
        return BY_BIT[bit];
    }

    /** The text after "VmFlags: " (show_smap_vma_flags()): each set bit's mnemonic and a space. */
    public static String mnemonics(long flags) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            if (!BY_BIT[i].isEmpty() && (flags & (1L << i)) != 0) {
                sb.append(BY_BIT[i]).append(' ');
            }
        }
        return sb.toString();
    }

    /** vma_pkey() (arch/x86/include/asm/pkeys.h): the protection key stored in the flags. */
    public static int pkey(long flags) {
        return (int) ((flags & ARCH_VM_PKEY_FLAGS) >>> VM_PKEY_SHIFT);
    }
}
