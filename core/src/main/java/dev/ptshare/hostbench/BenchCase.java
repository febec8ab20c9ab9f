package dev.ptshare.hostbench;

/** The fixed cases of {@code ptshare bench}, each run on the model and on the host kernel. */
public enum BenchCase {
    SHMEM_READ_TOUCH("shmem-read-touch",
            "mmap MAP_SHARED of a cached /dev/shm file, read one byte of every page, munmap"),
    ANON_WRITE_TOUCH("anon-write-touch",
            "mmap MAP_PRIVATE|MAP_ANONYMOUS, write one byte of every page, munmap"),
    FORK_ANON("fork-anon",
            "fork() of a process with the size of written anonymous memory (the fork call only)");

    public final String id;
    public final String description;

    BenchCase(String id, String description) {
        this.id = id;
        this.description = description;
    }
}
