package dev.ptshare.check;

import java.util.Map;
import java.util.TreeMap;

/**
 * An mshare region as the reference sees it: its size and the objects created in it (offset,
 * length, protection, backing object and offset in it). Every process mapping the region sees
 * the same objects at its own base address.
 */
final class RefRegion {
    record Obj(long start, long len, int prot, RefObject obj, long objOffset) {}

    long size;
    boolean sized;
    final String owner;
    boolean ownerAlive = true;
    final TreeMap<Long, Obj> objs = new TreeMap<>();

    RefRegion(String owner) {
        this.owner = owner;
    }

    /** MSHAREFS_UNMAP and the MAP_FIXED replacement of CREATE_MAPPING. */
    void remove(long start, long len) {
        long end = start + len;
        TreeMap<Long, Obj> keep = new TreeMap<>();
        for (Obj o : objs.values()) {
            long oe = o.start() + o.len();
            if (oe <= start || o.start() >= end) {
                keep.put(o.start(), o);
                continue;
            }
            if (o.start() < start) keep.put(o.start(),
                    new Obj(o.start(), start - o.start(), o.prot(), o.obj(), o.objOffset()));
            if (oe > end) keep.put(end,
                    new Obj(end, oe - end, o.prot(), o.obj(), o.objOffset() + (end - o.start())));
        }
        objs.clear();
        objs.putAll(keep);
    }

    void create(long start, long len, int prot, RefObject obj, long objOffset) {
        remove(start, len);
        objs.put(start, new Obj(start, len, prot, obj, objOffset));
    }

    Obj find(long off) {
        Map.Entry<Long, Obj> e = objs.floorEntry(off);
        if (e == null) return null;
        Obj o = e.getValue();
        return off < o.start() + o.len() ? o : null;
    }
}
