package dev.ptshare.mm;

/**
 * Which VMAs fork() copies page tables for: vma_needs_copy() (mm/memory.c) as it was in three
 * eras ({@code machine fork_rule=}, docs/fork-rules.md). Everything else about fork is the same
 * under each rule; a VMA that is not copied gets no page tables in the child, which faults its
 * pages in ("Don't copy ptes where a page fault will fill them correctly").
 */
public enum ForkRule {
    /**
     * Linux 6.18 mm/memory.c vma_needs_copy(): {@code userfaultfd_wp(dst_vma)}, then
     * {@code src_vma->vm_flags & (VM_PFNMAP | VM_MIXEDMAP)}, then {@code src_vma->anon_vma}. The
     * uffd-wp test is on the child, which dup_userfaultfd() has already stripped of VM_UFFD_WP
     * when the context lacks UFFD_FEATURE_EVENT_FORK. No VM_MAYBE_GUARD (that is 6.19).
     */
    V6_18("6.18") {
        @Override
        boolean needsCopy(Vma dst, Vma src) {
            return dst.test(VmFlags.VM_UFFD_WP)
                    || src.test(VmFlags.VM_PFNMAP | VmFlags.VM_MIXEDMAP) || src.anonVma != null;
        }
    },
    /**
     * "mm: introduce copy-on-fork VMAs and make VM_MAYBE_GUARD one" as first posted
     * (5d41b24e7bc622cda0af92b6d558d7f4c0d1bc8c.1763460113.git.lorenzo.stoakes@oracle.com):
     * {@code src_vma->vm_flags & VM_COPY_ON_FORK || src_vma->anon_vma}. VM_UFFD_WP is tested on
     * the parent, so a file-backed uffd-wp VMA whose child lost the flag is copied needlessly
     * (Chris Mason's review, 20260113231257.3002271-1-clm@meta.com).
     */
    POSTED("posted") {
        @Override
        boolean needsCopy(Vma dst, Vma src) {
            return src.test(VmFlags.VM_COPY_ON_FORK) || src.anonVma != null;
        }
    },
    /**
     * The rule after Lorenzo's fix to that review (upstream ab04b530e7e8 and follow-up,
     * 955cd0d6-8977-4bd1-8f16-a21063a5a95f@lucifer.local): {@code dst_vma->vm_flags &
     * VM_COPY_ON_FORK || src_vma->anon_vma}, the flags tested on the child.
     */
    FIXED("fixed") {
        @Override
        boolean needsCopy(Vma dst, Vma src) {
            return dst.test(VmFlags.VM_COPY_ON_FORK) || src.anonVma != null;
        }
    };

    /** The {@code machine fork_rule=} value. */
    public final String key;

    ForkRule(String key) {
        this.key = key;
    }

    /** vma_needs_copy(dst_vma = the child's VMA, src_vma = the parent's). */
    abstract boolean needsCopy(Vma dst, Vma src);

    /** The rule named {@code key}, or null. */
    public static ForkRule byKey(String key) {
        for (ForkRule r : values()) if (r.key.equals(key)) return r;
        return null;
    }
}
