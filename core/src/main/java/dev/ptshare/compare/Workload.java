package dev.ptshare.compare;

import static dev.ptshare.compare.Param.Kind.CHOICE;
import static dev.ptshare.compare.Param.Kind.COUNT;
import static dev.ptshare.compare.Param.Kind.FRACTION;
import static dev.ptshare.compare.Param.Kind.SIZE;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The workloads compare runs. Each turns its parameters and a {@link Design} into a .pts script:
 * the same processes doing the same work, with only the sharing mechanism changed.
 */
public enum Workload {
    SGA("sga", "the mshare cover letter: N database processes attach and touch one shared SGA",
            List.of(new Param("processes", COUNT, "1500", "processes attaching the SGA"),
                    new Param("sga", SIZE, "300GiB", "size of the shared global area"),
                    new Param("memory", SIZE, "512GiB", "machine memory (or unbounded)"),
                    new Param("touch", FRACTION, "1.0", "fraction of the SGA each process touches"),
                    new Param("access", CHOICE, "read", "read|write"),
                    new Param("cpus", COUNT, "4", "CPUs of the machine"))) {
        @Override
        void generate(Gen g, Design d,
                Params p) {
            long sga = p.size("sga");
            machine(g, p);
            g.line("task db");
            d.create(g, "db", "sga", sga);
            g.open("for i in 1.." + p.count("processes"));
            g.line("db: p{i} = fork");
            List<Gen.Segment> segs = d.attach(g, "p{i}", "sga", sga, BASE);
            g.touch("p{i}", segs, 0, touched(sga, p.fraction("touch")), p.choice("access"));
            g.close();
        }
    },
    POSTGRES("postgres",
            "a postmaster maps shared_buffers, forks backends that touch part of it and their own memory",
            List.of(new Param("backends", COUNT, "200", "backend processes"),
                    new Param("shared_buffers", SIZE, "16GiB", "shared buffer pool"),
                    new Param("touch", FRACTION, "0.5",
                            "fraction of shared_buffers each backend touches"),
                    new Param("private", SIZE, "16MiB",
                            "private anonymous memory each backend writes"),
                    new Param("memory", SIZE, "64GiB", "machine memory (or unbounded)"),
                    new Param("access", CHOICE, "write", "read|write"),
                    new Param("cpus", COUNT, "4", "CPUs of the machine"))) {
        /** The postmaster maps shared_buffers before it forks: ptshare applies (not COW PTE). */
        @Override
        boolean supports(Design d) {
            return d.cowPte() == null;
        }

        @Override
        void generate(Gen g, Design d,
                Params p) {
            long size = p.size("shared_buffers");
            machine(g, p);
            g.line("task postmaster");
            d.create(g, "postmaster", "shm", size);
            List<Gen.Segment> segs = d.attach(g, "postmaster", "shm", size, BASE);
            long each = touched(size, p.fraction("touch"));
            SplittableRandom rnd = new SplittableRandom(seed(p));
            for (long i = 1; i <= p.count("backends"); i++) {
                String b = "b" + i;
                g.line("postmaster: " + b + " = fork");
                if (p.size("private") > 0) {
                    g.line(b + ": m = mmap NULL " + Gen.hex(p.size("private"))
                            + " PROT_READ|PROT_WRITE MAP_PRIVATE|MAP_ANONYMOUS -1 0");
                    g.line(b + ": touch m " + Gen.hex(p.size("private")) + " write");
                }
                long start = (size >>> 21) == 0 ? 0 : rnd.nextLong(size >>> 21) << 21;
                long first = Math.min(each, size - start);
                g.touch(b, segs, start, first, p.choice("access"));
                g.touch(b, segs, 0, each - first, p.choice("access"));
            }
        }
    },
    ZYGOTE("zygote",
            "Android's zygote preloads file-backed libraries; apps fork from it and touch part of them",
            List.of(new Param("heap", SIZE, "0",
                    "private anonymous memory the zygote writes before forking (its heap)"),
                    new Param("libraries", COUNT, "64", "preloaded libraries"),
                    new Param("library_size", SIZE, "4MiB", "size of each library"),
                    new Param("apps", COUNT, "100", "apps forked from the zygote"),
                    new Param("touch", FRACTION, "0.3", "fraction of each library an app touches"),
                    new Param("memory", SIZE, "16GiB", "machine memory (or unbounded)"),
                    new Param("cpus", COUNT, "4", "CPUs of the machine"))) {
        /** Every design that can map file-backed libraries (Design.attachLibraries). */
        @Override
        boolean supports(Design d) {
            return d.attachLibraries(new Gen(), "zygote", 1, 4096, BASE) != null;
        }

        @Override
        void generate(Gen g, Design d,
                Params p) {
            machine(g, p);
            long size = p.size("library_size");
            long n = p.count("libraries");
            g.line("task zygote");
            if (p.size("heap") > 0) {
                ForkMemory.map(g, "zygote", "heap", HEAP, p.size("heap"), "anon", "4k").touchAll(g,
                        "zygote", "write");
            }
            g.line("zygote: mkdir /system");
            g.line("zygote: mkdir /system/lib64");
            for (long l = 0; l < n; l++) {
                g.line("zygote: lib" + l + " = open /system/lib64/lib" + l
                        + ".so O_RDWR|O_CREAT 0644");
                g.line("zygote: ftruncate lib" + l + " " + Gen.hex(size));
            }
            List<Gen.Segment> segs = d.attachLibraries(g, "zygote", n, size, BASE);
            g.touch("zygote", segs, 0, n * size, "read");
            for (long a = 1; a <= p.count("apps"); a++) {
                String app = "app" + a;
                g.line("zygote: " + app + " = fork");
                for (long l = 0; l < n; l++)
                    g.touch(app, segs, l * size, touched(size, p.fraction("touch")), "read");
            }
        }
    },
    MULTIVM("multivm", "a VMM and N helper processes map the same guest memory (vhost-user style)",
            List.of(new Param("guest_memory", SIZE, "32GiB", "guest RAM"),
                    new Param("helpers", COUNT, "16", "helper processes mapping all of guest RAM"),
                    new Param("touch", FRACTION, "1.0",
                            "fraction of guest RAM each helper touches"),
                    new Param("memory", SIZE, "64GiB", "machine memory (or unbounded)"),
                    new Param("cpus", COUNT, "4", "CPUs of the machine"))) {
        @Override
        void generate(Gen g, Design d, Params p) {
            long size = p.size("guest_memory");
            machine(g, p);
            // A launcher creates guest RAM and hands the fd to the VMM and its helpers.
            g.line("task launcher");
            d.create(g, "launcher", "guest", size);
            g.line("launcher: vmm = fork");
            g.touch("vmm", d.attach(g, "vmm", "guest", size, BASE), 0, size, "write");
            g.open("for i in 1.." + p.count("helpers"));
            g.line("launcher: h{i} = fork");
            List<Gen.Segment> segs = d.attach(g, "h{i}", "guest", size, BASE);
            g.touch("h{i}", segs, 0, touched(size, p.fraction("touch")), "read");
            g.close();
        }
    },
    REDIS_FORK("redis-fork",
            "a Redis snapshot: S of written anonymous memory, fork, the child reads it all while the parent writes a fraction",
            List.of(new Param("size", SIZE, "1GiB", "written anonymous memory (the dataset)"),
                    new Param("write", FRACTION, "0.1",
                            "fraction of the pages the parent writes after the fork"),
                    new Param("pattern", CHOICE, "spread", "spread|sequential"),
                    new Param("child", CHOICE, "live",
                            "live|exit: whether the child has exited (snapshot done) before the parent writes"),
                    new Param("pages", CHOICE, "4k", "4k|2m (2 MiB hugetlb pages)"),
                    new Param("memory", SIZE, "16GiB", "machine memory (or unbounded)"),
                    new Param("cpus", COUNT, "4", "CPUs of the machine"))) {

        @Override
        boolean supports(Design d) {
            return forkDesign(d);
        }

        @Override
        boolean measures(String task) {
            return true;
        }

        @Override
        void generate(Gen g, Design d, Params p) {
            machine(g, p);
            g.line("task redis");
            ForkMemory m = ForkMemory.map(g, "redis", "data", BASE, p.size("size"), "anon",
                    p.choice("pages"));
            m.touchAll(g, "redis", "write");
            g.line("redis: c1 = fork");
            m.touchAll(g, "c1", "read");
            if (p.choice("child").equals("exit")) g.line("c1: exit 0");
            long n = m.pagesOf(p.fraction("write"));
            if (p.choice("pattern").equals("spread"))
                m.writeSpread(g, "redis", n, "j");
            else
                m.writeFirst(g, "redis", n);
        }

    },
    FUZZ_FORK("fuzz-fork",
            "a fork server (AFL): a process with S of memory forks a child per run, which writes a few pages and exits",
            List.of(new Param("size", SIZE, "64MiB", "memory the fork server has written"),
                    new Param("iterations", COUNT, "100", "fork-and-exit rounds"),
                    new Param("child_pages", COUNT, "16",
                            "pages each child writes, spread evenly over the memory"),
                    new Param("child", CHOICE, "exit",
                            "exit|exec: the child exits, or execs first"),
                    new Param("segment", CHOICE, "anon",
                            "anon|shm: private anonymous memory, or a /dev/shm file mapped shared"),
                    new Param("pages", CHOICE, "4k", "4k|2m (2 MiB hugetlb pages)"),
                    new Param("memory", SIZE, "16GiB", "machine memory (or unbounded)"),
                    new Param("cpus", COUNT, "4", "CPUs of the machine"))) {

        @Override
        boolean supports(Design d) {
            return forkDesign(d);
        }

        @Override
        boolean measures(String task) {
            return true;
        }

        @Override
        void generate(Gen g, Design d, Params p) {
            machine(g, p);
            g.line("task fuzzer");
            ForkMemory m = ForkMemory.map(g, "fuzzer", "data", BASE, p.size("size"),
                    p.choice("segment"), p.choice("pages"));
            m.touchAll(g, "fuzzer", "write");
            g.open("for i in 1.." + p.count("iterations"));
            g.line("fuzzer: c{i} = fork");
            m.writeSpread(g, "c{i}", Math.min(p.count("child_pages"), m.pages()), "j");
            if (p.choice("child").equals("exec")) g.line("c{i}: execve");
            g.line("c{i}: exit 0");
            g.close();
        }
    };

    /** Where the shared object goes in processes that map it at a fixed address (1 GiB-aligned). */
    static final long BASE = 0x100000000000L;

    /** Where the zygote's heap goes (1 GiB-aligned, away from the libraries). */
    static final long HEAP = 0x200000000000L;

    public final String id;
    public final String description;
    public final List<Param> params;

    Workload(String id, String description, List<Param> params) {
        this.id = id;
        this.description = description;
        this.params = params;
    }

    abstract void generate(Gen g, Design d, Params p);

    /**
     * Whether design d applies. The COW PTE designs change what fork does with written private
     * memory, which the shared-object workloads (sga, postgres, multivm) do not have; the
     * workloads that fork with it (redis-fork, fuzz-fork, zygote's heap) override this. ptshare
     * shares only with processes forked after the mapping, and in sga and multivm every process
     * maps the object itself: each would make its own domain and share nothing
     * (docs/designs/ptshare.md); postgres and zygote, which map before they fork, override this.
     */
    boolean supports(Design d) {
        return d.cowPte() == null && d != Design.PTSHARE;
    }

    /**
     * Whether the results count task {@code task} (its faults, VmPTE, RSS, PSS): by default the
     * numbered processes that attach the object (p1, b2, ...) and the VMM, not the process that
     * creates it.
     */
    boolean measures(String task) {
        return Compare.processNumber(task) != 0 || task.equals("vmm");
    }

    /**
     * The designs of the fork workloads, which share no object: today's fork and those that
     * change what fork does with private memory.
     */
    static boolean forkDesign(Design d) {
        return d == Design.PRIVATE || d.cowPte() != null;
    }

    /** The .pts script this workload runs for design d. */
    public String script(Design d, Params p) {
        Gen g = new Gen();
        g.comment("ptshare compare " + id + " --designs " + d.id + " " + p.asText());
        generate(g, d, p);
        d.machine(g);
        return g.text();
    }

    static void machine(Gen g, Params p) {
        g.machine("cpus", Long.toString(p.count("cpus")));
        long mem = p.size("memory");
        g.machine("memory", mem < 0 ? "unbounded" : Long.toString(mem));
    }

    static long touched(long size, double fraction) {
        return (long) Math.floor(size * fraction / 4096) * 4096;
    }

    static long seed(Params p) {
        return 42;
    }

    public static Workload byId(String id) {
        for (Workload w : values()) if (w.id.equals(id)) return w;
        return null;
    }
}
