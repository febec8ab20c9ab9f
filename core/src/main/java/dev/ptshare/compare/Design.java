package dev.ptshare.compare;

import java.util.List;

/**
 * The page-table designs compare can run, each turning "share this object" into the system
 * calls that design needs (the Caffeine simulator's policy registry, in spirit: explicit,
 * enumerated, one line of description each).
 */
public enum Design {
    PRIVATE("private", "today's Linux: a 4 KiB shmem object, page tables private to each process") {
        @Override
        void create(Gen g, String owner, String name, long size) {
            g.line(owner + ": fd_" + name + " = open /dev/shm/" + name + " O_RDWR|O_CREAT 0600");
            g.line(owner + ": ftruncate fd_" + name + " " + Gen.hex(size));
        }

        @Override
        List<Gen.Segment> attach(Gen g, String task, String name, long size, long base) {
            g.line(task + ": a_" + name + " = mmap " + Gen.hex(base) + " " + Gen.hex(size)
                    + " PROT_READ|PROT_WRITE MAP_SHARED|MAP_FIXED fd_" + name + " 0");
            return List.of(new Gen.Segment("a_" + name, 0, size));
        }

        @Override
        List<Gen.Segment> attachLibraries(Gen g, String task, long n, long size, long base) {
            List<Gen.Segment> segs = new java.util.ArrayList<>();
            for (long l = 0; l < n; l++) {
                g.line(task + ": l" + l + " = mmap NULL " + Gen.hex(size)
                        + " PROT_READ|PROT_EXEC MAP_PRIVATE lib" + l + " 0");
                segs.add(new Gen.Segment("l" + l, l * size, size));
            }
            return segs;
        }
    },
    HUGETLB("hugetlb", "2 MiB hugetlbfs pages, 1 GiB-aligned so mainline PMD sharing applies") {
        @Override
        void create(Gen g, String owner, String name, long size) {
            createHugetlbfs(g, owner, name, size);
        }

        @Override
        List<Gen.Segment> attach(Gen g, String task, String name, long size, long base) {
            g.line(task + ": a_" + name + " = mmap " + Gen.hex(base) + " " + Gen.hex(round2m(size))
                    + " PROT_READ|PROT_WRITE MAP_SHARED|MAP_FIXED fd_" + name + " 0");
            return List.of(new Gen.Segment("a_" + name, 0, size));
        }
    },
    HUGETLB_UNSHARED("hugetlb-unshared",
            "2 MiB hugetlbfs pages in VMAs of 1 GiB - 2 MiB, so no VMA covers a whole PUD and none shares") {
        @Override
        void create(Gen g, String owner, String name, long size) {
            createHugetlbfs(g, owner, name, size);
        }

        @Override
        List<Gen.Segment> attach(Gen g, String task, String name, long size, long base) {
            long chunk = (1L << 30) - (2L << 20);
            List<Gen.Segment> segs = new java.util.ArrayList<>();
            long total = round2m(size);
            for (long off = 0, k = 0; off < total; off += chunk, k++) {
                long len = Math.min(chunk, total - off);
                String v = "a_" + name + "_" + k;
                g.line(task + ": " + v + " = mmap " + Gen.hex(base + (k << 30)) + " " + Gen.hex(len)
                        + " PROT_READ|PROT_WRITE MAP_SHARED|MAP_FIXED fd_" + name + " "
                        + Gen.hex(off));
                segs.add(new Gen.Segment(v, off, Math.min(len, Math.max(0, size - off))));
            }
            return segs;
        }
    },
    MSHARE("mshare",
            "msharefs v3: one region whose host mm owns the page tables, linked into each process") {
        @Override
        void create(Gen g, String owner, String name, long size) {
            long region = (size + (1L << 39) - 1) & -(1L << 39);
            g.once("msharefs", owner + ": mount msharefs /sys/fs/mshare");
            g.line(owner + ": fd_" + name + " = open /sys/fs/mshare/" + name
                    + " O_RDWR|O_CREAT 0600");
            g.line(owner + ": ftruncate fd_" + name + " " + Gen.hex(region));
            g.line(owner + ": ioctl fd_" + name + " MSHAREFS_CREATE_MAPPING region_offset=0 size="
                    + Gen.hex(size)
                    + " offset=0 prot=PROT_READ|PROT_WRITE flags=MAP_ANONYMOUS|MAP_SHARED|MAP_FIXED fd=-1");
        }

        @Override
        List<Gen.Segment> attach(Gen g, String task, String name, long size, long base) {
            long region = (size + (1L << 39) - 1) & -(1L << 39);
            g.line(task + ": a_" + name + " = mmap NULL " + Gen.hex(region)
                    + " PROT_READ|PROT_WRITE MAP_SHARED fd_" + name + " 0");
            return List.of(new Gen.Segment("a_" + name, 0, size));
        }

        @Override
        List<Gen.Segment> attachLibraries(Gen g, String task, long n, long size, long base) {
            long region = (n * size + (1L << 39) - 1) & -(1L << 39);
            g.once("msharefs", task + ": mount msharefs /sys/fs/mshare");
            g.line(task + ": fd_libs = open /sys/fs/mshare/libs O_RDWR|O_CREAT 0600");
            g.line(task + ": ftruncate fd_libs " + Gen.hex(region));
            for (long l = 0; l < n; l++) {
                g.line(task + ": ioctl fd_libs MSHAREFS_CREATE_MAPPING region_offset="
                        + Gen.hex(l * size) + " size="
                        + Gen.hex(size)
                        + " offset=0 prot=PROT_READ|PROT_EXEC flags=MAP_SHARED|MAP_FIXED fd=lib"
                        + l);
            }
            g.line(task + ": a_libs = mmap NULL " + Gen.hex(region)
                    + " PROT_READ|PROT_EXEC MAP_SHARED fd_libs 0");
            return List.of(new Gen.Segment("a_libs", 0, n * size));
        }
    },
    MAP_SHARED_PT("map-shared-pt",
            "MAP_SHARED_PT (RFC v2, 2023): a per-file host mm whose PTE tables every sharer's PMD links to") {
        @Override
        void create(Gen g, String owner, String name, long size) {
            PRIVATE.create(g, owner, name, size);
        }

        @Override
        List<Gen.Segment> attach(Gen g, String task, String name, long size, long base) {
            g.line(task + ": a_" + name + " = mmap " + Gen.hex(base) + " " + Gen.hex(round2m(size))
                    + " PROT_READ|PROT_WRITE MAP_SHARED|MAP_FIXED|MAP_SHARED_PT fd_" + name + " 0");
            return List.of(new Gen.Segment("a_" + name, 0, size));
        }
    },
    PTSHARE("ptshare",
            "transparent sharing (2026 prototype): MAP_SHARED_PT file mappings share PTE tables with every process forked after them") {
        @Override
        void create(Gen g, String owner, String name, long size) {
            PRIVATE.create(g, owner, name, size);
        }

        /** The same mmap as map-shared-pt; the machine gives the flag its 2026 meaning. */
        @Override
        List<Gen.Segment> attach(Gen g, String task, String name, long size, long base) {
            return MAP_SHARED_PT.attach(g, task, name, size, base);
        }

        /**
         * Each library at its own PMD-aligned address, read-only MAP_PRIVATE as a loader maps it.
         */
        @Override
        List<Gen.Segment> attachLibraries(Gen g, String task, long n, long size, long base) {
            List<Gen.Segment> segs = new java.util.ArrayList<>();
            for (long l = 0; l < n; l++) {
                g.line(task + ": l" + l + " = mmap " + Gen.hex(base + l * round2m(size)) + " "
                        + Gen.hex(round2m(size))
                        + " PROT_READ|PROT_EXEC MAP_PRIVATE|MAP_FIXED|MAP_SHARED_PT lib" + l
                        + " 0");
                segs.add(new Gen.Segment("l" + l, l * size, size));
            }
            return segs;
        }

        @Override
        void machine(Gen g) {
            g.machine("map_shared_pt", "ptshare");
        }
    },
    COW_PTE("cow-pte",
            "private objects; fork shares PTE tables copy-on-write, no per-page accounting (COW PTE RFC v2, On-demand-fork)") {
        @Override
        void create(Gen g, String owner, String name, long size) {
            PRIVATE.create(g, owner, name, size);
        }

        @Override
        List<Gen.Segment> attach(Gen g, String task, String name, long size, long base) {
            return PRIVATE.attach(g, task, name, size, base);
        }

        @Override
        String cowPte() {
            return "on";
        }
    },
    COW_PTE_ACCOUNTING("cow-pte-acct",
            "as cow-pte, with per-page refcount, mapcount and RSS accounting at fork (COW PTE v3..v5)") {
        @Override
        void create(Gen g, String owner, String name, long size) {
            PRIVATE.create(g, owner, name, size);
        }

        @Override
        List<Gen.Segment> attach(Gen g, String task, String name, long size, long base) {
            return PRIVATE.attach(g, task, name, size, base);
        }

        @Override
        String cowPte() {
            return "accounting";
        }
    };

    public final String id;
    public final String description;

    /**
     * The {@code machine cow_pte=} mode this design runs with, or null: the COW PTE designs change
     * what fork does with private memory, not how an object is shared, so they apply only to
     * workloads that fork processes with written private memory ({@link Workload#supports}).
     */
    String cowPte() {
        return null;
    }

    /** Machine keys the design needs, added to the workload's. */
    void machine(Gen g) {
        if (cowPte() != null) g.machine("cow_pte", cowPte());
    }

    /**
     * Maps n read-only file-backed libraries (fds lib0..) in task; null if not possible. Designs
     * that only change what fork does (COW PTE) map them as private does.
     */
    List<Gen.Segment> attachLibraries(Gen g, String task, long n, long size, long base) {
        return cowPte() != null ? PRIVATE.attachLibraries(g, task, n, size, base) : null;
    }

    Design(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** Creates the shared object in {@code owner}; binds fd_NAME. */
    abstract void create(Gen g, String owner, String name, long size);

    /** Maps the whole object in {@code task}; returns where its bytes are. */
    abstract List<Gen.Segment> attach(Gen g, String task, String name, long size, long base);

    static long round2m(long size) {
        return (size + (2L << 20) - 1) & -(2L << 20);
    }

    static void createHugetlbfs(Gen g, String owner, String name, long size) {
        g.addHugepages2m(round2m(size) >>> 21);
        g.once("mnt-huge", owner + ": mkdir /mnt/huge");
        g.once("mount-huge", owner + ": mount hugetlbfs /mnt/huge pagesize=2M");
        g.line(owner + ": fd_" + name + " = open /mnt/huge/" + name + " O_RDWR|O_CREAT 0600");
        g.line(owner + ": ftruncate fd_" + name + " " + Gen.hex(round2m(size)));
    }

    public static Design byId(String id) {
        for (Design d : values()) if (d.id.equals(id)) return d;
        return null;
    }
}
