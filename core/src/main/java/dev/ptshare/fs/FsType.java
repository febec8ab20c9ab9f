package dev.ptshare.fs;

/** The filesystems the model has; the device numbers are what /proc/PID/maps prints. */
public enum FsType {
    /** A disk filesystem (ext4-like): page-cache misses are major faults read from disk. */
    DISK("ext4", 8, 1),
    /** tmpfs and shmem (mm/shmem.c): /dev/shm, memfd, shared anonymous memory. */
    TMPFS("tmpfs", 0, 26),
    /** The internal shm mount for MAP_SHARED|MAP_ANONYMOUS and memfd (shm_mnt). */
    SHM_INTERNAL("tmpfs", 0, 1),
    HUGETLBFS("hugetlbfs", 0, 40),
    MSHAREFS("msharefs", 0, 50),
    SYSFS("sysfs", 0, 22),
    /** anon_inodefs: files with no path and no mmap ([userfaultfd], fs/anon_inodes.c). */
    ANON_INODE("anon_inodefs", 0, 15),
    PROC("proc", 0, 21);

    public final String name;
    public final int major;
    public final int minor;

    FsType(String name, int major, int minor) {
        this.name = name;
        this.major = major;
        this.minor = minor;
    }

    /** shmem-backed: pages are swap-backed and counted as Shmem / RssShmem. */
    public boolean shmem() {
        return this == TMPFS || this == SHM_INTERNAL;
    }
}
