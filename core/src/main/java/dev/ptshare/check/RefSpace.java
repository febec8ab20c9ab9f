package dev.ptshare.check;

import java.util.HashMap;
import java.util.Map;

/** A process as the reference model sees it: mapped pages by page number, and open files. */
final class RefSpace {
    final Map<Long, RefPage> pages = new HashMap<>();
    final Map<Long, RefFd> fds = new HashMap<>();
    /** userfaultfd descriptors: fd → context (shared with the children that inherit them). */
    final Map<Long, RefUffd> uffds = new HashMap<>();
    /** mshare regions mapped by this process: guest base address → region. */
    final java.util.TreeMap<Long, RegionMap> regions = new java.util.TreeMap<>();

    /** One mapping of a region; dontfork after MADV_DONTFORK over the whole guest VMA. */
    record RegionMap(long start, long len, RefRegion region, boolean dontfork) {}

    /** MAP_SHARED_PT mappings this process shares: start address → the mapping. */
    final java.util.TreeMap<Long, RefPtGroup> ptMaps = new java.util.TreeMap<>();

    /**
     * The page numbers in [fromVpn, toVpn) that are mapped, ascending: the range itself when it
     * is small, else the mapped pages filtered (a madvise or munmap of 128 TiB must not walk
     * 2^35 holes).
     */
    long[] vpnsIn(long fromVpn, long toVpn) {
        if (Long.compareUnsigned(toVpn, fromVpn) <= 0) return new long[0];
        if (toVpn - fromVpn <= 4L * pages.size() + 64) {
            return java.util.stream.LongStream.range(fromVpn, toVpn).filter(pages::containsKey)
                    .toArray();
        }
        return pages.keySet().stream().mapToLong(Long::longValue)
                .filter(v -> v >= fromVpn && v < toVpn).sorted().toArray();
    }

    /**
     * Mappings too large for page-by-page tracking ({@link Reference#MAX_PAGES}): start → end.
     * The reference does not judge accesses there, and counts them as mapped.
     */
    final java.util.TreeMap<Long, Long> untracked = new java.util.TreeMap<>();

    boolean untrackedAt(long va) {
        var e = untracked.floorEntry(va);
        return e != null && Long.compareUnsigned(va, e.getValue()) < 0;
    }

    /** Whether [addr, end) meets an untracked mapping. */
    boolean untrackedIn(long addr, long end) {
        var e = untracked.lowerEntry(end);
        return e != null && Long.compareUnsigned(e.getValue(), addr) > 0;
    }

    /** [addr, end) is no longer an untracked mapping (munmap, a new mapping over it). */
    void clearUntracked(long addr, long end) {
        var e = untracked.lowerEntry(end);
        while (e != null && Long.compareUnsigned(e.getValue(), addr) > 0) {
            untracked.remove(e.getKey());
            if (e.getKey() < addr) untracked.put(e.getKey(), addr);
            if (Long.compareUnsigned(e.getValue(), end) > 0) untracked.put(end, e.getValue());
            e = untracked.lowerEntry(e.getKey());
        }
    }

    /** The pages of [addr, end) and its untracked mappings are gone (munmap, replacement). */
    void unmapRange(long addr, long end) {
        for (long vpn : vpnsIn(addr >>> 12, end >>> 12)) pages.remove(vpn);
        clearUntracked(addr, end);
    }

    /** munmap over part of a MAP_SHARED_PT mapping or an mshare guest VMA is refused (EINVAL). */
    boolean munmapSplitsShared(long addr, long len) {
        long end = addr + ((len + 4095) & ~4095L);
        for (RefPtGroup g : ptMaps.values()) if (g.splitBy(addr, end)) return true;
        // mshare_vm_op_split() -> -EINVAL: an mshare guest VMA is never split either.
        for (RefSpace.RegionMap r : regions.values()) {
            long re = r.start() + r.len();
            boolean overlaps = addr < re && end > r.start();
            if (overlaps && (addr > r.start() || end < re)) return true;
        }
        return false;
    }

    /**
     * Whether munmap would split a hugetlb mapping off its huge-page boundary:
     * hugetlb_vm_op_split() refuses it (EINVAL) at the start or at the end of the range.
     */
    boolean munmapSplitsHugetlb(long addr, long len) {
        long end = addr + ((len + 4095) & ~4095L);
        RefPage first = pages.get(addr >>> 12);
        if (first != null && first.hugeSize > 0 && addr % first.hugeSize != 0) return true;
        RefPage after = pages.get(end >>> 12);
        return after != null && after.hugeSize > 0 && end % after.hugeSize != 0;
    }

    /** Whole range mapped? (mprotect/madvise ENOMEM rules). */
    boolean fullyMapped(long addr, long len) {
        for (long i = 0; i < (len + 4095) >>> 12; i++) {
            long va = addr + i * 4096;
            if (pages.containsKey(va >>> 12)) continue;
            if (!untrackedAt(va)) return false;
            long end = untracked.floorEntry(va).getValue();
            i = ((end - addr) >>> 12) - 1; // the rest of the untracked mapping
        }
        return true;
    }

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

    /**
     * fork(): DONTFORK pages stay behind, WIPEONFORK pages start empty. A page registered with a
     * userfaultfd stays registered (with one new context per parent context) only if that has
     * UFFD_FEATURE_EVENT_FORK, and keeps its write protection where its tables are copied
     * (always then: vma_needs_copy() sees uffd-wp); otherwise the child's page is unprotected.
     */
    RefSpace fork() {
        RefSpace s = new RefSpace();
        s.untracked.putAll(untracked);
        Map<RefUffd, RefUffd> forked = new HashMap<>();
        for (var e : pages.entrySet()) {
            RefPage p = e.getValue();
            if (p.dontfork) continue;
            RefPage c = p.copy();
            if (p.uffd != null && !p.uffd.has(RefUffd.EVENT_FORK)) {
                c.uffd = null;
                c.wp = RefUffd.NO;
            } else if (p.uffd != null) {
                c.uffd = forked.computeIfAbsent(p.uffd, o -> o.forkedInto(s));
            }
            if (p.wipeonfork) {
                c.dropPrivate();
                c.guard = false;
                c.wp = RefUffd.NO;
            }
            s.pages.put(e.getKey(), c);
        }
        s.fds.putAll(fds);
        s.uffds.putAll(uffds);
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
