package dev.ptshare.mm;

/**
 * An anon_vma (mm/rmap.c). The model needs only its identity: whether a VMA has one decides
 * vma_needs_copy() at fork and whether two VMAs may merge (is_mergeable_anon_vma).
 */
public final class AnonVma {
    private static long next;
    public final long id = next++;
}
