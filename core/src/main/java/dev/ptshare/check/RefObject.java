package dev.ptshare.check;

import java.util.HashMap;
import java.util.Map;

/** A file or shmem object of the reference model: its size and the pages written to it. */
final class RefObject {
    final String name;
    /** Non-null when this object is an msharefs region file. */
    RefRegion region;
    long size;
    final Map<Long, byte[]> pages = new HashMap<>();

    RefObject(String name, long size) {
        this.name = name;
        this.size = size;
    }

    int read(long index, int off) {
        byte[] p = pages.get(index);
        return p == null ? 0 : p[off] & 0xff;
    }

    void write(long index, int off, int b) {
        pages.computeIfAbsent(index, i -> new byte[4096])[off] = (byte) b;
    }

    byte[] copyPage(long index) {
        byte[] p = pages.get(index);
        return p == null ? new byte[4096] : p.clone();
    }

    /** Drops the pages from {@code fromIndex} on (truncate, hole punch up to {@code toIndex}). */
    void drop(long fromIndex, long toIndex) {
        pages.keySet().removeIf(i -> i >= fromIndex && i < toIndex);
    }
}
