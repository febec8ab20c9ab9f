package dev.ptshare.check;

/**
 * One mapped page of a reference address space: its protection (PROT_* bits), where reads
 * come from, and the private copy a write made. Deliberately simple: no page tables, no TLB.
 */
final class RefPage {
    int prot;
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

    RefPage copy() {
        RefPage p = new RefPage();
        p.prot = prot;
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
        return p;
    }
}
