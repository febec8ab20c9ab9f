package dev.ptshare.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ptshare.kernel.Kernel;
import dev.ptshare.run.CallTable;
import dev.ptshare.run.Runner;
import dev.ptshare.script.Parser;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The cost model is arithmetic on exact counts: a modelled time is the sum of count times price
 * over the operations, and the phases of a run add up to the price of all its operations.
 */
class CostModelTest {
    private static long[] counts(Object... pairs) {
        long[] c = new long[CostOp.COUNT];
        for (int i = 0; i < pairs.length; i += 2)
            c[((CostOp) pairs[i]).ordinal()] = ((Number) pairs[i + 1]).longValue();
        return c;
    }

    @Test
    void forkOfFourMibIsPricedByHand() {
        // fork of 4 MiB written anonymous memory (pts/cost/fork-exit.pts): 1024 PTEs copied and
        // pages accounted, 5 tables (PGD, PUD, PMD, 2 PTE), the parent's flush.
        long[] c = counts(CostOp.FORK, 1, CostOp.PTE_COPIED, 1024, CostOp.PAGE_ACCOUNTED, 1024,
                CostOp.TABLE_ALLOCATED, 5, CostOp.TLB_FLUSH, 1);
        // bare-metal: 83 us + 1024 x 1.5 ns + 1024 x 13.1 ns + 5 x 219 ns + 100 ns
        assertThat(Calibration.BARE_METAL.picos(c))
                .isEqualTo(83_000_000L + 1_536_000 + 13_414_400 + 1_095_000 + 100_000)
                .isEqualTo(99_145_400L);
        // fc-vm: 39.35 us + 1024 x 47.57 ns + 1024 x 77.67 ns + 5 x 1875.6 ns + 0
        assertThat(Calibration.FC_VM.picos(c))
                .isEqualTo(39_350_000L + 48_711_680 + 79_534_080 + 9_378_000);
        assertThat(ModelledTime.micros(99_145_400L).toPlainString()).isEqualTo("99.145400");
    }

    @ParameterizedTest
    @EnumSource(Calibration.class)
    void eachOperationIsPricedOnceAndLinearly(Calibration cal) {
        long[] all = new long[CostOp.COUNT];
        long expected = 0;
        for (CostOp op : CostOp.values()) {
            long[] one = counts(op, 1);
            assertThat(cal.picos(one)).as(op.key).isEqualTo(cal.picos(op)).isNotNegative();
            assertThat(cal.picos(counts(op, 7))).as(op.key).isEqualTo(7 * cal.picos(op));
            all[op.ordinal()] = op.ordinal() + 1;
            expected += (op.ordinal() + 1) * cal.picos(op);
        }
        assertThat(cal.picos(all)).isEqualTo(expected);
        assertThat(cal.picos(all)).isEqualTo(cal.picos(all.clone())); // deterministic
        assertThat(Calibration.byId(cal.id)).isSameAs(cal);
    }

    @Test
    void overflowIsAnErrorNotAWrongTime() {
        long[] c = counts(CostOp.FORK, Long.MAX_VALUE / 2);
        assertThatThrownBy(() -> Calibration.BARE_METAL.picos(c))
                .isInstanceOf(ArithmeticException.class);
    }

    /** Runs a script with a meter after every call; returns the meter and the final counts. */
    private static Object[] meter(String text) {
        Runner r = new Runner(Parser.parse(Path.of("t.pts"), text),
                new Runner.Options(true, false, EnumSet.noneOf(dev.ptshare.mm.Mutant.class)),
                new PrintStream(OutputStream.nullOutputStream()), new CallTable());
        CostMeter m = new CostMeter(Calibration.BARE_METAL);
        List<String> calls = new ArrayList<>();
        r.setObserver(new Runner.Observer() {
            @Override
            public String afterCall(Runner rr, int line, dev.ptshare.kernel.Task t, String call,
                    List<dev.ptshare.run.Resolved> a, dev.ptshare.run.Outcome o) {
                m.after(rr.kernel(), call);
                calls.add(call);
                return null;
            }
        });
        r.run();
        Kernel k = r.kernel();
        return new Object[] { m.result(), OpCounts.of(k), calls };
    }

    private static final String SCRIPT = """
            machine cpus=2 memory=1GiB
            task p
            p: a = mmap 0x40000000 4MiB PROT_READ|PROT_WRITE MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED -1 0
            p: touch a 4MiB write
            p: c1 = fork
            p: c2 = fork
            c1: store a 1
            c1: exit 0
            c2: execve
            p: munmap a 4MiB
            """;

    @Test
    void phasesAddUpToThePriceOfEveryOperation() {
        Object[] res = meter(SCRIPT);
        ModelledTime t = (ModelledTime) res[0];
        long[] ops = (long[]) res[1];
        assertThat(t.ops()).containsExactly(ops);
        assertThat(t.totalPicos()).isEqualTo(Calibration.BARE_METAL.picos(ops));
        // Two forks of the same memory cost the same, and exactly what fork-exit.pts counts.
        assertThat(t.forkPicos()).containsExactly(99_145_400L, 99_145_400L);
        // Setup: 1024 anonymous faults, each a cleared page; PGD, PUD, PMD and 2 PTE tables.
        assertThat(t.setupPicos()).isEqualTo(1024 * (307_000L + 261_000) + 5 * 219_000L);
        // c1's store: one COW fault (copy and flush).
        assertThat(t.faultPicos()).isEqualTo(307_000L + 335_000 + 100_000);
        // c1's exit and c2's execve each zap 1024 PTEs and free 5 tables, with one flush;
        // c1's exit also frees its copy of the stored page, and execve's new mm gets a PGD.
        assertThat(t.exitPicos())
                .isEqualTo(2 * (1024 * 10_100L + 5 * 65_000 + 100_000) + 21_400 + 219_000);
        // munmap in p: the last mapping of 1024 pages (the other children are gone): zap and
        // free them, and the 4 tables under the PGD; one flush.
        assertThat(t.otherPicos())
                .isEqualTo(1024 * (10_100L + 21_400) + 4 * 65_000 + 100_000);
    }

    @Test
    void theSameRunCostsTheSame() {
        ModelledTime a = (ModelledTime) meter(SCRIPT)[0], b = (ModelledTime) meter(SCRIPT)[0];
        assertThat(a.ops()).containsExactly(b.ops());
        assertThat(a.forkPicos()).containsExactly(b.forkPicos());
        assertThat(a.totalPicos()).isEqualTo(b.totalPicos());
    }

    @Test
    void callsMapToPhases() {
        assertThat(Phase.of("touch", false)).isEqualTo(Phase.SETUP);
        assertThat(Phase.of("fork", false)).isEqualTo(Phase.FORK);
        assertThat(Phase.of("store", true)).isEqualTo(Phase.FAULT);
        assertThat(Phase.of("execve", true)).isEqualTo(Phase.EXIT);
        assertThat(Phase.of("munmap", true)).isEqualTo(Phase.OTHER);
    }
}
