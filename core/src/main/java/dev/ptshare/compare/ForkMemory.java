package dev.ptshare.compare;

/**
 * The memory of a fork workload: {@code size} bytes at a fixed 1 GiB-aligned address, private
 * anonymous ({@code segment=anon}: what fork copies, or with COW PTE shares) or a shared object
 * ({@code segment=shm}: a /dev/shm file mapped MAP_SHARED, which fork does not copy at all), in
 * 4 KiB pages or 2 MiB hugetlb pages ({@code pages=2m}: MAP_HUGETLB, or a hugetlbfs file; the
 * size is rounded up to 2 MiB).
 * Writes go one page at a time, either the first n pages or n pages spread evenly.
 */
record ForkMemory(String var, long size, long page) {
    static final long PAGE_2M = 2L << 20;

    /** Maps the memory in {@code task} as variable {@code var}. */
    static ForkMemory map(Gen g, String task, String var, long base, long size, String segment,
            String pages) {
        boolean huge = pages.equals("2m");
        long page = huge ? PAGE_2M : 4096;
        if (huge) size = Design.round2m(size);
        String prot = " PROT_READ|PROT_WRITE ";
        if (segment.equals("anon")) {
            // The pages and a COW copy of each: hugetlb private mappings reserve at mmap time
            // only what they map, and copies come from the rest of the pool.
            if (huge) g.addHugepages2m(2 * (size / PAGE_2M));
            g.line(task + ": " + var + " = mmap " + Gen.hex(base) + " " + Gen.hex(size) + prot
                    + "MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED" + (huge ? "|MAP_HUGETLB" : "")
                    + " -1 0");
        } else {
            if (huge) {
                Design.createHugetlbfs(g, task, var, size);
            } else {
                g.line(task + ": fd_" + var + " = open /dev/shm/" + var + " O_RDWR|O_CREAT 0600");
                g.line(task + ": ftruncate fd_" + var + " " + Gen.hex(size));
            }
            g.line(task + ": " + var + " = mmap " + Gen.hex(base) + " " + Gen.hex(size) + prot
                    + "MAP_SHARED|MAP_FIXED fd_" + var + " 0");
        }
        return new ForkMemory(var, size, page);
    }

    long pages() {
        return size / page;
    }

    /** How many pages a fraction of the memory is (rounded down). */
    long pagesOf(double fraction) {
        return (long) Math.floor(pages() * fraction);
    }

    /** {@code task} touches all of it. */
    void touchAll(Gen g, String task, String how) {
        g.line(task + ": touch " + var + " " + Gen.hex(size) + " " + how);
    }

    /** {@code task} writes the first {@code n} pages. */
    void writeFirst(Gen g, String task, long n) {
        if (n > 0) g.line(task + ": touch " + var + " " + Gen.hex(n * page) + " write");
    }

    /**
     * {@code task} writes {@code n} pages spread evenly: page j * (pages / n) for j in
     * 0..n-1, one byte of each, with loop variable {@code loopVar}.
     */
    void writeSpread(Gen g, String task, long n, String loopVar) {
        if (n == 0) return;
        long stride = pages() / n * page;
        g.open("for " + loopVar + " in 0.." + (n - 1));
        g.line(task + ": touch " + var + "+" + loopVar + "*" + Gen.hex(stride) + " 4096 write");
        g.close();
    }
}
