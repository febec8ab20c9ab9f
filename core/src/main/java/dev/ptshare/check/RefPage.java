package dev.ptshare.check;

/**
 * One mapped page of a reference address space: its protection (PROT_* bits), where reads
 * come from, and the private copy a write made. Deliberately simple: no page tables, no TLB.
 */
final class RefPage {
    int prot;
    /** The hugetlb page size of the mapping (0: base pages). */
    long hugeSize;
    /** null for anonymous private memory. */
    RefObject obj;
    long index;
    /** MAP_SHARED: reads and writes go to {@link #obj}; else private (copy on write). */
    boolean shared;
    /** The private copy after a write (or anonymous contents); null means "not written". */
    byte[] data;
    boolean guard;
    /** MADV_FREE'd and not written since: contents may read back as zero. */
    boolean lazyfree;
    boolean dontfork;
    boolean wipeonfork;
    /** MAP_GROWSDOWN: mprotect(PROT_GROWSDOWN) extends down to the start of such a mapping. */
    boolean growsdown;
    /** VM_MAYWRITE: false for MAP_SHARED of a file opened without write access. */
    boolean mayWrite = true;
    /** The userfaultfd this page is registered with for write-protection, or null. */
    RefUffd uffd;
    /** {@link RefUffd#NO}, {@link RefUffd#YES} or {@link RefUffd#MAYBE}: must a write stop? */
    byte wp;
    /**
     * A private file page whose write stopped on a uffd-wp marker, which copies the page first
     * (do_cow_fault()), or on a present entry, which does not: reads come from {@link #data} or
     * from the object, whichever it is; the first write settles it into {@link #alt}.
     */
    boolean cowMaybe;
    /** Non-null: the private contents are {@link #data} or this; bytes that differ are unknown. */
    byte[] alt;

    /** The private contents are gone (a zap, a wipe): nothing uncertain is left of them. */
    void dropPrivate() {
        data = null;
        alt = null;
        cowMaybe = false;
        lazyfree = false;
    }

    RefPage copy() {
        RefPage p = new RefPage();
        p.prot = prot;
        p.hugeSize = hugeSize;
        p.obj = obj;
        p.index = index;
        p.shared = shared;
        p.data = data == null ? null : data.clone();
        p.guard = guard;
        p.lazyfree = lazyfree;
        p.dontfork = dontfork;
        p.wipeonfork = wipeonfork;
        p.mayWrite = mayWrite;
        p.growsdown = growsdown;
        p.uffd = uffd;
        p.wp = wp;
        p.cowMaybe = cowMaybe;
        p.alt = alt == null ? null : alt.clone();
        return p;
    }
}
