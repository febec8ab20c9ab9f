package dev.ptshare.fs;

import dev.ptshare.phys.PhysMem;

/**
 * Page-cache lookups for faults: filemap_fault() (mm/filemap.c) for disk files, with read-around
 * on a miss, and shmem_get_folio() (mm/shmem.c) for tmpfs, which allocates a zeroed page on any
 * fault into a hole. Results: a frame number, optionally or'ed with {@link #MAJOR}, or one of
 * the negative codes.
 */
public final class Filemap {
    public static final long MAJOR = 1L << 40;
    /**
     * VM_FAULT_RETRY: filemap_fault() dropped the fault lock for readahead I/O
     * (maybe_unlock_mmap_for_io()); the page is cached now and the fault must be retried.
     */
    public static final long RETRY = 1L << 41;
    public static final long SIGBUS = -1, OOM = -2;

    /** ra_pages for the default read_ahead_kb of 128 (mm/readahead.c). */
    public static final int RA_PAGES = 32;

    private final PhysMem phys;

    public Filemap(PhysMem phys) {
        this.phys = phys;
    }

    public static long pagesOf(long bytes) {
        return (bytes + 4095) >>> 12;
    }

    /**
     * The page at {@code index} for a fault through {@code file} (null: no readahead state),
     * brought in as filemap_fault() / shmem_fault() would. {@code readAround} is false for
     * VM_RAND_READ mappings. A result with {@link #RETRY} asks the caller to retry the fault.
     */
    public long fault(Inode inode, OpenFile file, long index, boolean readAround) {
        if (index >= pagesOf(inode.size)) return SIGBUS;
        int pfn = inode.cache.get(index);
        if (pfn != 0) {
            // shmem_get_folio_gfp(): a fallocated folio is cleared and marked uptodate now.
            if (phys.test(pfn, PhysMem.F_NOT_UPTODATE)) phys.clear(pfn, PhysMem.F_NOT_UPTODATE);
            if (file != null && readAround && inode.cache.readahead(index)) {
                asyncReadahead(inode, file, index); // do_async_mmap_readahead(), lock dropped
                return pfn | RETRY;
            }
            return pfn;
        }
        if (inode.fs.shmem()) {
            pfn = addToCache(inode, index, (byte) (PhysMem.F_SWAPBACKED));
            return pfn < 0 ? OOM : pfn;
        }
        if (file != null && readAround) {
            // do_sync_mmap_readahead(), mmap read-around: ra_pages centred on the fault,
            // async_size = ra_pages / 4; the fault lock is dropped for the I/O, so retry.
            file.raStart = Math.max(0, index - RA_PAGES / 2);
            file.raSize = RA_PAGES;
            file.raAsync = RA_PAGES / 4;
            if (!readPages(inode, file.raStart, file.raSize, file.raAsync)) return OOM;
            return inode.cache.get(index) | MAJOR | RETRY;
        }
        pfn = addToCache(inode, index, (byte) 0); // VM_RAND_READ: just this page, no retry
        return pfn < 0 ? OOM : pfn | MAJOR;
    }

    /**
     * page_cache_async_ra() on hitting a PG_readahead folio: clear the mark and read the next
     * window (ra->start += ra->size, get_next_ra_size()), marking its first page.
     */
    private void asyncReadahead(Inode inode, OpenFile f, long index) {
        inode.cache.setReadahead(index, false);
        if (index == f.raStart + f.raSize - f.raAsync) {
            f.raStart += f.raSize;
            f.raSize = Math.max(f.raSize, nextRaSize(f.raSize));
        } else {
            // A mark without matching state (another file's reads): restart after the mark.
            f.raStart = index + 1;
            f.raSize = RA_PAGES;
        }
        f.raAsync = f.raSize;
        readPages(inode, f.raStart, f.raSize, f.raAsync);
    }

    /** get_next_ra_size() with max = ra_pages. */
    private static long nextRaSize(long cur) {
        if (cur < RA_PAGES / 16) return 4 * cur;
        if (cur <= RA_PAGES / 2) return 2 * cur;
        return RA_PAGES;
    }

    /**
     * page_cache_ra_unbounded(): reads the uncached pages of [start, start + nr) up to EOF and
     * marks PG_readahead on the page at start + nr - lookahead if it was read now. False on OOM.
     */
    private boolean readPages(Inode inode, long start, long nr, long lookahead) {
        long end = Math.min(pagesOf(inode.size), start + nr), mark = start + nr - lookahead;
        for (long i = start; i < end; i++) {
            if (inode.cache.get(i) != 0) continue;
            if (addToCache(inode, i, (byte) 0) < 0) return false;
            if (i == mark) inode.cache.setReadahead(i, true);
        }
        return true;
    }

    /** A new, zeroed, up-to-date page in the cache (refcount 1: the cache's reference). */
    public int addToCache(Inode inode, long index, byte flags) {
        long chunk = index >>> PhysMem.CHUNK_SHIFT;
        int base = inode.cache.chunkBase(chunk);
        if (base == 0) {
            base = phys.reserveChunk();
            if (base < 0) return -1;
            inode.cache.setChunkBase(chunk, base);
        }
        int pfn = base + (int) (index & (PhysMem.CHUNK - 1));
        if (!phys.allocAt(pfn, flags)) return -1;
        inode.cache.put(index, pfn);
        return pfn;
    }

    /** Allocates and caches all 512 pages of an uncached 2 MiB range at once; false on OOM. */
    public boolean addChunkToCache(Inode inode, long chunk, byte flags) {
        int base = inode.cache.chunkBase(chunk);
        if (base == 0) {
            base = phys.reserveChunk();
            if (base < 0) return false;
            inode.cache.setChunkBase(chunk, base);
        }
        if (!phys.allocChunk(base, flags)) return false;
        inode.cache.putChunk(chunk, base);
        return true;
    }

    /** Drops cached pages at or beyond {@code fromIndex} (truncate_inode_pages_range). */
    public void truncate(Inode inode, long fromIndex, long toIndex) {
        for (long i = inode.cache.next(fromIndex); i >= 0 && i < toIndex;
                i = inode.cache.next(i + 1)) {
            int pfn = inode.cache.get(i);
            inode.cache.put(i, 0);
            inode.cache.setReadahead(i, false);
            if (inode.fs == FsType.HUGETLBFS)
                hugeRelease.accept(pfn);
            else
                phys.put(pfn);
        }
        if (inode.fs == FsType.HUGETLBFS) return;
        // Chunks left with no frame in use go back to the machine.
        for (long c = fromIndex >>> PhysMem.CHUNK_SHIFT;
                c <= (Math.min(toIndex, inode.cache.limit()) - 1) >>> PhysMem.CHUNK_SHIFT; c++) {
            int base = inode.cache.chunkBase(c);
            if (base != 0 && phys.chunkUsed(base) == 0 && inode.cache.cachedInChunk(c) == 0) {
                phys.releaseChunk(base);
                inode.cache.setChunkBase(c, 0);
            }
        }
    }

    /** Where hugetlbfs pages go when they leave the cache (set by the mm core). */
    public java.util.function.LongConsumer hugeRelease = pfn -> {};
}
