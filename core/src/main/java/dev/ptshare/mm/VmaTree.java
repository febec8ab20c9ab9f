package dev.ptshare.mm;

import java.util.ArrayList;
import java.util.List;

/**
 * The mm's VMAs in address order (the kernel keeps them in a maple tree). A sorted array with
 * binary search: processes have few VMAs, and lookups dominate.
 */
public final class VmaTree {
    private final ArrayList<Vma> vmas = new ArrayList<>();
    private Vma cache;

    /** find_vma(): the first VMA with end > addr, or null. */
    public Vma find(long addr) {
        Vma c = cache;
        if (c != null && c.start <= addr && addr < c.end) return c;
        int i = indexAfter(addr);
        if (i == vmas.size()) return null;
        c = vmas.get(i);
        cache = c;
        return c;
    }

    /** vma_lookup(): the VMA containing addr, or null. */
    public Vma lookup(long addr) {
        Vma v = find(addr);
        return v != null && v.start <= addr ? v : null;
    }

    /** Index of the first VMA with end > addr. */
    private int indexAfter(long addr) {
        int lo = 0, hi = vmas.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(vmas.get(mid).end, addr) <= 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    public void insert(Vma v) {
        int i = indexAfter(v.start);
        if (i < vmas.size() && vmas.get(i).start < v.end) {
            throw new IllegalStateException("overlapping VMA " + v + " with " + vmas.get(i));
        }
        vmas.add(i, v);
    }

    public void remove(Vma v) {
        int i = indexAfter(v.start);
        if (i >= vmas.size() || vmas.get(i) != v) throw new IllegalStateException("no VMA " + v);
        vmas.remove(i);
        if (cache == v) cache = null;
    }

    /** Called after a VMA's bounds changed in place (sorted order is unchanged). */
    public void boundsChanged() {
        cache = null;
    }

    /** VMAs overlapping [start, end), in order. */
    public List<Vma> range(long start, long end) {
        List<Vma> out = new ArrayList<>();
        for (int i = indexAfter(start); i < vmas.size(); i++) {
            Vma v = vmas.get(i);
            if (v.start >= end) break;
            out.add(v);
        }
        return out;
    }

    public Vma prev(Vma v) {
        int i = vmas.indexOf(v);
        return i > 0 ? vmas.get(i - 1) : null;
    }

    public Vma next(Vma v) {
        int i = vmas.indexOf(v);
        return i >= 0 && i + 1 < vmas.size() ? vmas.get(i + 1) : null;
    }

    /** The VMA before the gap at addr (for floor computations), or null. */
    public Vma before(long addr) {
        int i = indexAfter(addr);
        if (i < vmas.size() && vmas.get(i).start <= addr) return i > 0 ? vmas.get(i - 1) : null;
        return i > 0 ? vmas.get(i - 1) : null;
    }

    public List<Vma> all() {
        return vmas;
    }

    public int size() {
        return vmas.size();
    }

    public Vma first() {
        return vmas.isEmpty() ? null : vmas.get(0);
    }

    public Vma last() {
        return vmas.isEmpty() ? null : vmas.get(vmas.size() - 1);
    }
}
