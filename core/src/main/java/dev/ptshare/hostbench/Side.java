package dev.ptshare.hostbench;

/**
 * One side of the comparison, the model or the host kernel: the system calls and touches the
 * cases are made of, so that both sides do the same work. Every mapping is {@code size} bytes;
 * a mapping is named by its start address. A failing call throws.
 */
interface Side extends AutoCloseable {
    /** "model" or "host". */
    String name();

    /** The process's counters; see {@link ProcSelf#read(boolean)} for the argument. */
    Counters counters(boolean beforeTimedPart);

    /** Creates a /dev/shm file of the size and writes it once: every page cached, up to date. */
    void createCachedShmem();

    /** mmap(NULL, size, PROT_READ, MAP_SHARED, fd of that file, 0). */
    long mapShmem();

    /** mmap(NULL, size, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0). */
    long mapAnon();

    /** madvise(addr, size, advice). */
    void madvise(long addr, int advice);

    /** Reads or writes one byte of every 4 KiB page of the mapping. */
    void touch(long addr, boolean write);

    /** munmap(addr, size). */
    void unmap(long addr);

    /**
     * fork() with a child that exits at once; returns the time the parent spent in the call,
     * and returns only after the child is gone.
     */
    Timing fork();

    /** Removes the file and whatever else the side made. */
    @Override
    void close();
}
