package dev.ptshare.check;

import dev.ptshare.script.Parser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToLongFunction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random sequences of mmap, munmap, mprotect, madvise, mremap, fork, exit, loads, stores and
 * touches, by several processes on two CPUs, run under the lockstep checker: whatever each task
 * observes must be what the reference model predicts, and the model's invariants must hold.
 * Four times: with 64 KiB mappings and fork copying page tables, with 4 MiB mappings (whole PTE
 * tables, ranges that cover or cut them) and copy-on-write PTE tables at fork, with the same
 * 4 MiB mappings shared by ptshare (MAP_SHARED_PT file mappings), and with 64 KiB mappings, a
 * userfaultfd whose ranges are registered, write-protected and unregistered at random, and each
 * of the fork rules.
 */
class RandomOpsPropertyTest {
    static {
        Checker.install();
    }

    private static final String[] KINDS = {
            "PROT_READ|PROT_WRITE MAP_PRIVATE|MAP_ANONYMOUS -1 0",
            "PROT_READ|PROT_WRITE MAP_SHARED|MAP_ANONYMOUS -1 0",
            "PROT_READ|PROT_WRITE MAP_SHARED shm 0",
            "PROT_READ|PROT_WRITE MAP_PRIVATE shm 0",
            "PROT_READ|PROT_WRITE MAP_PRIVATE disk 0",
            "PROT_READ MAP_PRIVATE|MAP_ANONYMOUS -1 0",
            "PROT_READ|PROT_WRITE MAP_SHARED disk 0",
    };
    private static final String[] ADVICE = {
            "MADV_DONTNEED", "MADV_DONTFORK", "MADV_DOFORK", "MADV_WIPEONFORK",
            "MADV_GUARD_INSTALL",
            "MADV_GUARD_REMOVE", "MADV_POPULATE_READ", "MADV_REMOVE", "MADV_RANDOM", "MADV_NORMAL"
    };

    /**
     * Where and how big the mappings and the ranges of one run are; {@code uffdFeatures} >= 0
     * makes p open a userfaultfd with them first and adds its ioctls to the operations.
     */
    record Layout(String machine, long mapLen, long slotGap, IntToLongFunction off,
            IntToLongFunction len, long moveLen, long fileLen, boolean forkFirst,
            long uffdFeatures, String fileFlags) {}

    /** 64 KiB mappings 4 MiB apart, page-sized ranges; fork copies page tables. */
    static final Layout SMALL = new Layout("machine cpus=2 memory=1GiB", 64 << 10, 0x400000L,
            c -> (long) (c % 16) * 4096, d -> (long) (1 + d % 16) * 4096, 16 << 10, 1 << 20, false,
            -1, "");

    /** UFFD_FEATURE_EVENT_FORK, EVENT_REMAP, WP_UNPOPULATED and SIGBUS, any combination. */
    private static final long[] UFFD_FEATURES = { 1 << 1, 1 << 2, 1 << 13, 1 << 7 };

    /**
     * {@link #SMALL} with a userfaultfd and a fork rule: {@code pick} chooses the rule and the
     * features (SIGBUS in one run out of four).
     */
    static Layout uffd(int pick) {
        String[] rules = { "6.18", "posted", "fixed" };
        long features = 0;
        for (int i = 0; i < 3; i++) if ((pick >> (2 + i) & 1) != 0) features |= UFFD_FEATURES[i];
        if ((pick >> 5 & 3) == 0) features |= UFFD_FEATURES[3];
        return new Layout("machine cpus=2 memory=1GiB fork_rule=" + rules[Math.floorMod(pick, 3)],
                SMALL.mapLen(), SMALL.slotGap(), SMALL.off(), SMALL.len(), SMALL.moveLen(),
                SMALL.fileLen(), false, features, "");
    }

    /**
     * 4 MiB mappings 8 MiB apart (two whole PTE tables each), ranges starting anywhere in them
     * at 128 KiB steps, a page to 4 MiB long; fork shares PTE tables ({@code cow_pte=MODE}).
     * Every run starts with p writing a private anonymous and a private file mapping and
     * forking c1, so that there are shared tables for the random operations to meet.
     */
    static Layout cowPte(String mode) {
        return new Layout("machine cpus=2 memory=1GiB cow_pte=" + mode, 4 << 20, 0x800000L,
                c -> (long) (c % 32) * (128 << 10),
                d -> d % 4 == 0 ? 2L << 20 : d % 4 == 1 ? 4L << 20 : (long) (1 + d % 16) * 4096,
                2 << 20, 4 << 20, true, -1, "");
    }

    /**
     * The 4 MiB layout of {@link #cowPte} on {@code map_shared_pt=ptshare}: file mappings carry
     * MAP_SHARED_PT (EINVAL where the prototype refuses them), and p maps a shared one before it
     * forks c1, so the random operations meet spliced tables and unshare them.
     */
    static final Layout PTSHARE = new Layout("machine cpus=2 memory=1GiB map_shared_pt=ptshare",
            4 << 20, 0x800000L, cowPte("on").off(), cowPte("on").len(), 2 << 20, 4 << 20, true, -1,
            "|MAP_SHARED_PT");

    static String script(List<Integer> ops) {
        return script(ops, SMALL);
    }

    /** Turns random numbers into a valid script, tracking which tasks are alive. */
    static String script(List<Integer> ops, Layout l) {
        StringBuilder b = new StringBuilder(l.machine() + "\ntask p\n");
        b.append("p: shm = open /dev/shm/f O_RDWR|O_CREAT 0600\np: ftruncate shm ")
                .append(l.fileLen()).append('\n');
        b.append("p: disk = open /tmp/g O_RDWR|O_CREAT 0600\np: ftruncate disk ")
                .append(l.fileLen()).append('\n');
        if (l.uffdFeatures() >= 0) {
            // Four registrable mappings, half written, registered and partly write-protected, so
            // that the random operations meet uffd-wp state from the start.
            b.append("p: u = userfaultfd O_CLOEXEC\np: ioctl u UFFDIO_API api=UFFD_API features=")
                    .append(l.uffdFeatures()).append('\n');
            for (int i = 0; i < 4; i++) {
                long slot = 0x10000000L + i * l.slotGap();
                b.append("p: mmap ").append(slot).append(' ').append(l.mapLen()).append(' ')
                        .append(KINDS[i].replace(" MAP_", " MAP_FIXED|MAP_"))
                        .append("\np: touch ").append(slot).append(' ').append(l.mapLen() / 2)
                        .append(" write\np: ioctl u UFFDIO_REGISTER start=").append(slot)
                        .append(" len=").append(l.mapLen())
                        .append(" mode=UFFDIO_REGISTER_MODE_WP\np: ioctl u UFFDIO_WRITEPROTECT start=")
                        .append(slot).append(" len=").append(l.mapLen() * 3 / 4)
                        .append(" mode=UFFDIO_WRITEPROTECT_MODE_WP\n");
            }
        }
        List<String> alive = new ArrayList<>(List.of("p"));
        int children = 0;
        if (l.forkFirst()) {
            long s1 = 0x10000000L + l.slotGap();
            b.append("p: mmap 0x10000000 ").append(l.mapLen())
                    .append(" PROT_READ|PROT_WRITE MAP_FIXED|MAP_PRIVATE|MAP_ANONYMOUS -1 0\n")
                    .append("p: touch 0x10000000 ").append(l.mapLen()).append(" write\n")
                    .append("p: mmap ").append(s1).append(" 2MiB PROT_READ|PROT_WRITE")
                    .append(l.fileFlags().isEmpty() ? " MAP_FIXED|MAP_PRIVATE disk 0\n"
                            : " MAP_FIXED|MAP_SHARED" + l.fileFlags() + " disk 0\n")
                    .append("p: touch ").append(s1).append(" 2MiB read\n")
                    .append("p: store ").append(s1 + 4096).append(" 7 1\n")
                    .append("p: c1 = fork\n");
            alive.add("c1");
            children = 1;
        }
        for (int i = 0; i + 4 < ops.size(); i += 5) {
            int op = ops.get(i) % (l.uffdFeatures() >= 0 ? 15 : 12);
            int a = ops.get(i + 1), c = ops.get(i + 2), d = ops.get(i + 3);
            String t = alive.get(Math.floorMod(ops.get(i + 4), alive.size())) + "@cpu" + (a & 1);
            long slot = 0x10000000L + (long) (a % 4) * l.slotGap();
            long off = l.off().applyAsLong(c);
            long len = l.len().applyAsLong(d);
            switch (op) {
                case 0, 1 -> b.append(t).append(": mmap ").append(slot).append(' ')
                        .append(l.mapLen()).append(' ')
                        .append(KINDS[c % KINDS.length].replace(" MAP_", " MAP_FIXED|MAP_")
                                .replace(" shm ", l.fileFlags() + " shm ")
                                .replace(" disk ", l.fileFlags() + " disk "))
                        .append('\n');
                case 2 -> b.append(t).append(": munmap ").append(slot + off).append(' ').append(len)
                        .append('\n');
                case 3 ->
                    b.append(t).append(": mprotect ").append(slot + off).append(' ').append(len)
                            .append(d % 3 == 0 ? " PROT_READ" : d % 3 == 1 ? " PROT_READ|PROT_WRITE"
                                    : " PROT_NONE")
                            .append('\n');
                case 4, 5 -> b.append(t).append(": store ").append(slot + off + d % 4096)
                        .append(' ').append(a * 31 + d).append(" 1\n");
                case 6 ->
                    b.append(t).append(": load ").append(slot + off + d % 4096).append(" 1\n");
                case 7 -> b.append(t).append(": touch ").append(slot + off).append(' ').append(len)
                        .append(d % 2 == 0 ? " read\n" : " write\n");
                case 8 -> b.append(t).append(": madvise ").append(slot + off).append(' ')
                        .append(len).append(' ')
                        .append(ADVICE[d % ADVICE.length]).append('\n');
                case 9 -> {
                    if (alive.size() < 5) {
                        String child = "c" + ++children;
                        b.append(t).append(": ").append(child).append(" = fork\n");
                        alive.add(child);
                    }
                }
                case 10 -> {
                    if (alive.size() > 1) {
                        String victim = alive.remove(1 + Math.floorMod(d, alive.size() - 1));
                        b.append(victim).append(": exit 0\n");
                    }
                }
                // userfaultfd ioctls act on p's mm, whichever task (holding the inherited fd) asks
                case 12 -> b.append(t).append(": ioctl u UFFDIO_REGISTER start=").append(slot + off)
                        .append(" len=").append(len).append(" mode=UFFDIO_REGISTER_MODE_WP\n");
                case 13 -> b.append(t).append(": ioctl u UFFDIO_WRITEPROTECT start=")
                        .append(slot + off).append(" len=").append(len).append(" mode=")
                        .append(d % 3 == 0 ? 0 : 1).append('\n');
                case 14 -> b.append(t).append(": ioctl u UFFDIO_UNREGISTER start=")
                        .append(slot + off).append(" len=").append(len).append('\n');
                default -> b.append(t).append(": mremap ").append(slot).append(' ')
                        .append(l.moveLen()).append(' ').append(l.moveLen())
                        .append(" MREMAP_MAYMOVE|MREMAP_FIXED ")
                        .append(0x10000000L + (long) ((a + 1) % 4) * l.slotGap() + off)
                        .append('\n');
            }
        }
        return b.toString();
    }

    @Provide
    Arbitrary<List<Integer>> ops() {
        return Arbitraries.integers().between(0, 1 << 20).list().ofMinSize(5).ofMaxSize(200);
    }

    @Property(tries = 300)
    void everyObservationMatchesTheReference(@ForAll("ops") List<Integer> ops) {
        runChecked(script(ops));
    }

    /** The same with COW PTE, both accounting modes (issue 6 item 2). */
    @Property(tries = 150)
    void everyObservationMatchesTheReferenceWithCowPte(@ForAll("ops") List<Integer> ops,
            @ForAll boolean accounting) {
        runChecked(script(ops, cowPte(accounting ? "accounting" : "on")));
    }

    /** On a machine whose MAP_SHARED_PT is the 2026 ptshare prototype (issue 6 item 3). */
    @Property(tries = 150)
    void everyObservationMatchesTheReferenceWithPtshare(@ForAll("ops") List<Integer> ops) {
        runChecked(script(ops, PTSHARE));
    }

    /** With a userfaultfd and each fork rule (issue 6 item 1). */
    @Property(tries = 300)
    void everyObservationMatchesTheReferenceWithUffdWp(@ForAll("ops") List<Integer> ops,
            @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 127) int pick) {
        runChecked(script(ops, uffd(pick)));
    }

    private static void runChecked(String text) {
        try {
            CheckedRun.assertMatchesReference(Parser.parse(Path.of("random.pts"), text), text);
        } catch (dev.ptshare.script.ScriptException e) {
            // A sequence that reaches what the model refuses to make up (MADV_GUARD_INSTALL over
            // a file's uffd-wp marker, which 6.18 restarts forever) is not a test case.
            net.jqwik.api.Assume.that(!e.getMessage().contains("is not modelled"));
            throw e;
        }
    }
}
