package dev.ptshare.hostbench;

/**
 * The fixed cases of {@code ptshare bench}, each run on the model and on the host kernel, with
 * what one repetition must show in the process's counters for its rate to stand.
 */
public enum BenchCase {
    SHMEM_READ_TOUCH("shmem-read-touch",
            "mmap(NULL, size, PROT_READ, MAP_SHARED) of a cached /dev/shm file, read one byte of"
                    + " every page (timed), munmap"),
    ANON_WRITE_TOUCH("anon-write-touch",
            "mmap(NULL, size, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS), MADV_NOHUGEPAGE,"
                    + " write one byte of every page (timed), munmap"),
    FORK_ANON("fork-anon",
            "fork() of the process holding size bytes of written anonymous memory (timed), less"
                    + " the same fork with that memory MADV_DONTFORK");

    /** fault_around_bytes (mm/memory.c, default 64 KiB) in pages. */
    static final long FAULT_AROUND_PAGES = 16;

    public final String id;
    public final String description;

    BenchCase(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /**
     * Minor faults the timed part of one repetition takes, at least; -1 for fork, whose count is
     * not checked: fork() itself takes none, but on the host the JVM's other threads take
     * copy-on-write faults on their own memory as soon as it returns.
     */
    long expectedFaults(long pages) {
        return switch (this) {
            // do_read_fault() -> do_fault_around() maps a 64 KiB-aligned window per fault.
            case SHMEM_READ_TOUCH -> (pages + FAULT_AROUND_PAGES - 1) / FAULT_AROUND_PAGES;
            // do_anonymous_page(): one 4 KiB page per fault (no THP after MADV_NOHUGEPAGE).
            case ANON_WRITE_TOUCH -> pages;
            case FORK_ANON -> -1;
        };
    }

    /** The /proc/PID/status field whose growth shows the pages were mapped. */
    String rssField() {
        return this == SHMEM_READ_TOUCH ? "RssShmem" : "RssAnon";
    }

    long rssKiB(Counters c) {
        return this == SHMEM_READ_TOUCH ? c.rssShmemKiB() : c.rssAnonKiB();
    }
}
