package dev.ptshare.check;

import java.util.HashMap;
import java.util.Map;

/** A process as the reference model sees it: mapped pages by page number, and open files. */
final class RefSpace {
    final Map<Long, RefPage> pages = new HashMap<>();
    final Map<Long, RefFd> fds = new HashMap<>();
    /** mshare regions mapped by this process: guest base address → region. */
    final java.util.TreeMap<Long, RegionMap> regions = new java.util.TreeMap<>();

    /** One mapping of a region; dontfork after MADV_DONTFORK over the whole guest VMA. */
    record RegionMap(long start, long len, RefRegion region, boolean dontfork) {}

    /** MAP_SHARED_PT mappings this process shares: start address → the mapping. */
    final java.util.TreeMap<Long, RefPtGroup> ptMaps = new java.util.TreeMap<>();

    /** The MAP_SHARED_PT mapping containing va, or null. */
    RefPtGroup ptGroupAt(long va) {
        var e = ptMaps.floorEntry(va);
        return e != null && va < e.getValue().end() ? e.getValue() : null;
    }

    /** Drops the MAP_SHARED_PT mappings inside [addr, end) (munmap, MAP_FIXED replacement). */
    void dropPtMaps(long addr, long end) {
        ptMaps.values().removeIf(g -> g.coveredBy(addr, end));
    }

    /** The region mapping containing va, or null. */
    RegionMap regionAt(long va) {
        var e = regions.floorEntry(va);
        return e != null && va < e.getValue().start() + e.getValue().len() ? e.getValue() : null;
    }

    record RefFd(RefObject obj, boolean readable, boolean writable) {}

    /** fork(): DONTFORK pages stay behind, WIPEONFORK pages start empty. */
    RefSpace fork() {
        RefSpace s = new RefSpace();
        for (var e : pages.entrySet()) {
            RefPage p = e.getValue();
            if (p.dontfork) continue;
            RefPage c = p.copy();
            if (p.wipeonfork) {
                c.data = null;
                c.guard = false;
                c.lazyfree = false;
            }
            s.pages.put(e.getKey(), c);
        }
        s.fds.putAll(fds);
        // dup_mmap(): a guest VMA with VM_DONTCOPY stays behind like any other.
        for (RegionMap r : regions.values()) if (!r.dontfork()) s.regions.put(r.start(), r);
        // A MAP_SHARED_PT VMA is copied unless MADV_DONTFORK: the child is one more sharer.
        for (RefPtGroup g : ptMaps.values()) {
            RefPage p = pages.get(g.start >>> 12);
            if (p == null || !p.dontfork) s.ptMaps.put(g.start, g);
        }
        return s;
    }
}
