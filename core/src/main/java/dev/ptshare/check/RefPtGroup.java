package dev.ptshare.check;

/**
 * A MAP_SHARED_PT mapping of a file as the reference sees it (RFC v2, April 2023): every process
 * that joined it maps the file at the same [start, start + len), and the protection is one for
 * all of them (an mprotect by one sharer applies to every sharer). Contents are those of the file,
 * as for any MAP_SHARED mapping.
 */
final class RefPtGroup {
    final RefObject obj;
    final long start;
    final long len;
    /** The protection every sharer has; a new mapping joins only with the same one. */
    int prot;
    /** Whether the sharers' fds allow writing (VM_MAYWRITE): part of "same permissions". */
    final boolean writable;

    RefPtGroup(RefObject obj, long start, long len, int prot, boolean writable) {
        this.obj = obj;
        this.start = start;
        this.len = len;
        this.prot = prot;
        this.writable = writable;
    }

    long end() {
        return start + len;
    }

    boolean memberOf(RefSpace s) {
        return s.ptMaps.get(start) == this;
    }

    /** [addr, end) covers the whole mapping. */
    boolean coveredBy(long addr, long end) {
        return addr <= start && end() <= end;
    }

    /** [addr, end) overlaps the mapping without covering it: the split is refused. */
    boolean splitBy(long addr, long end) {
        return addr < end() && start < end && !coveredBy(addr, end);
    }
}
