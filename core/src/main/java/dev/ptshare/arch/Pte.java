package dev.ptshare.arch;

/**
 * x86_64 page-table entry bits, as arch/x86/include/asm/pgtable_types.h defines them.
 *
 * <p>Entries are plain {@code long}s. A non-leaf entry's frame number names a page-table page of
 * the {@link PageTableStore}: page-table pages live at {@link #TABLE_PFN_BASE} + table id, so a
 * walk can go from an entry to the table it points at without a lookup.
 */
public final class Pte {
    private Pte() {}

    public static final long PRESENT = 1L; // _PAGE_PRESENT
    public static final long RW = 1L << 1; // _PAGE_RW
    public static final long USER = 1L << 2; // _PAGE_USER
    public static final long PWT = 1L << 3;
    public static final long PCD = 1L << 4;
    public static final long ACCESSED = 1L << 5; // _PAGE_ACCESSED, set by the walker
    public static final long DIRTY = 1L << 6; // _PAGE_DIRTY, set by the walker on a write (leaf)
    public static final long PSE = 1L << 7; // _PAGE_PSE: leaf at PMD/PUD level
    public static final long GLOBAL = 1L << 8; // _PAGE_GLOBAL
    /** _PAGE_PROTNONE aliases _PAGE_GLOBAL on a non-present entry (PROT_NONE leaf). */
    public static final long PROTNONE = 1L << 8;

    public static final long SPECIAL = 1L << 9; // _PAGE_SPECIAL (_PAGE_BIT_SOFTW1): zero page, pfnmap
    public static final long UFFD_WP = 1L << 10; // _PAGE_UFFD_WP (_PAGE_BIT_SOFTW2)
    public static final long SOFT_DIRTY = 1L << 11; // _PAGE_SOFT_DIRTY (_PAGE_BIT_SOFTW3)
    public static final long SAVED_DIRTY = 1L << 58; // _PAGE_SAVED_DIRTY (_PAGE_BIT_SOFTW5)
    public static final long NX = 1L << 63; // _PAGE_NX

    public static final int PFN_SHIFT = 12;
    public static final long PFN_MASK = ((1L << 52) - 1) & ~((1L << 12) - 1); // PTE_PFN_MASK

    /** _PAGE_TABLE: what Linux writes into every non-leaf entry (pmd_populate and friends). */
    public static final long PAGE_TABLE = PRESENT | RW | USER | ACCESSED | DIRTY;

    /** Frame number of page-table page 0; data frames stay far below it. */
    public static final long TABLE_PFN_BASE = 1L << 36;

    /**
     * Non-present, non-PROTNONE entries in this model are swap-format PTE markers
     * (include/linux/swapops.h make_pte_marker). Bit 9 tags them; the marker bits sit at 12.
     */
    public static final long SWP_MARKER = 1L << 9;

    public static final long MARKER_UFFD_WP = 1L << 12; // PTE_MARKER_UFFD_WP
    public static final long MARKER_POISONED = 1L << 13; // PTE_MARKER_POISONED
    public static final long MARKER_GUARD = 1L << 14; // PTE_MARKER_GUARD

    public static boolean present(long e) {
        return (e & PRESENT) != 0;
    }

    public static boolean none(long e) {
        return e == 0;
    }

    /** A PROT_NONE leaf: not present to the hardware, but a mapping to Linux (pte_protnone). */
    public static boolean protnone(long e) {
        return (e & (PRESENT | PROTNONE)) == PROTNONE && (e & SWP_MARKER) == 0;
    }

    /** pte_present() as Linux means it: present or PROT_NONE. */
    public static boolean mapped(long e) {
        return present(e) || protnone(e);
    }

    public static boolean marker(long e) {
        return !present(e) && (e & SWP_MARKER) != 0;
    }

    public static long pfn(long e) {
        return (e & PFN_MASK) >>> PFN_SHIFT;
    }

    public static int table(long e) {
        return (int) (pfn(e) - TABLE_PFN_BASE);
    }

    public static long tableEntry(int tableId) {
        return ((TABLE_PFN_BASE + tableId) << PFN_SHIFT) | PAGE_TABLE;
    }

    public static long leaf(long pfn, long bits) {
        return (pfn << PFN_SHIFT) | bits;
    }

    public static long withPfn(long e, long pfn) {
        return (e & ~PFN_MASK) | (pfn << PFN_SHIFT);
    }

    public static boolean writable(long e) {
        return (e & RW) != 0;
    }

    public static boolean dirty(long e) {
        return (e & DIRTY) != 0;
    }

    public static boolean young(long e) {
        return (e & ACCESSED) != 0;
    }

    public static long makeMarker(long markerBits) {
        return SWP_MARKER | markerBits;
    }

    /** pte_wrprotect: clear RW (x86 keeps D; SAVED_DIRTY is only used for shadow stacks). */
    public static long wrprotect(long e) {
        return e & ~RW;
    }
}
