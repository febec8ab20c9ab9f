package dev.ptshare.hostbench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ptshare.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** ptshare bench: its report shapes (made-up timings), its notes and its bad input. */
class BenchReportTest {
    private static final long PAGES = 262144;
    private static final Machine MACHINE = new Machine("Linux", "6.18.0", 2, "Some CPU @ 2.00GHz",
            "1.00 0.50 0.25");

    /** A measurement that did everything the case asks for, in the given time. */
    private static Measurement ok(BenchCase c, long nanos, long baseline) {
        return new Measurement(nanos, nanos / 2, baseline, PAGES, 0x7f0000000000L,
                Math.max(0, c.expectedFaults(PAGES)),
                PAGES * 4, PAGES / 512 * 4 + 8, 8);
    }

    private static BenchReport report() {
        return new BenchReport(MACHINE, 1L << 30, 5, 8, 2, List.of(
                // model 2 ms, host 20 ms for the same pages: ratio 10.
                new BenchReport.Row(BenchCase.SHMEM_READ_TOUCH, PAGES,
                        ok(BenchCase.SHMEM_READ_TOUCH, 2_000_000, -1),
                        ok(BenchCase.SHMEM_READ_TOUCH, 20_000_000, -1), null),
                new BenchReport.Row(BenchCase.ANON_WRITE_TOUCH, PAGES,
                        ok(BenchCase.ANON_WRITE_TOUCH, 4_000_000, -1), null, "host: not Linux"),
                // host fork time not above its baseline: no host rate.
                new BenchReport.Row(BenchCase.FORK_ANON, PAGES,
                        ok(BenchCase.FORK_ANON, 8_000_000, 10_000),
                        ok(BenchCase.FORK_ANON, 0, 12_000_000), null)));
    }

    @Test
    void jsonHasTheDocumentedFieldsRatesRatioAndReasons() {
        JsonNode root = JsonMapper.builder().build().readTree(report().json());
        JsonNode shmem = root.get("cases").get(0);
        assertThat(shmem.propertyNames()).startsWith("name", "modelPagesPerSecond",
                "hostPagesPerSecond", "ratio", "reason");
        assertThat(shmem.get("name").asString()).isEqualTo("shmem-read-touch");
        assertThat(shmem.get("modelPagesPerSecond").asLong()).isEqualTo(131072000);
        assertThat(shmem.get("hostPagesPerSecond").asLong()).isEqualTo(13107200);
        assertThat(shmem.get("ratio").asDouble()).isEqualTo(10.0);
        assertThat(shmem.get("reason").isNull()).isTrue();
        // CPU time is half the wall time in ok(): 1 ms and 10 ms.
        assertThat(shmem.get("modelPagesPerCpuSecond").asLong()).isEqualTo(262144000);
        assertThat(shmem.get("hostPagesPerCpuSecond").asLong()).isEqualTo(26214400);
        assertThat(shmem.get("cpuRatio").asDouble()).isEqualTo(10.0);
        assertThat(shmem.get("expectedMinorFaults").asLong()).isEqualTo(16384);
        assertThat(shmem.get("host").get("minorFaults").asLong()).isEqualTo(16384);
        assertThat(shmem.get("notes")).isEmpty();

        JsonNode anon = root.get("cases").get(1);
        assertThat(anon.get("hostPagesPerSecond").isNull()).isTrue();
        assertThat(anon.get("ratio").isNull()).isTrue();
        assertThat(anon.get("host").isNull()).isTrue();
        assertThat(anon.get("reason").asString()).isEqualTo("host: not Linux");

        JsonNode fork = root.get("cases").get(2);
        assertThat(fork.get("modelPagesPerSecond").asLong()).isEqualTo(32768000);
        assertThat(fork.get("model").get("baselineNanos").asLong()).isEqualTo(10_000);
        assertThat(fork.get("hostPagesPerSecond").isNull()).isTrue();
        assertThat(fork.get("cpuRatio").isNull()).isTrue();
        assertThat(fork.get("reason").asString()).startsWith("host: the time is not above");

        assertThat(root.get("machine").get("kernelRelease").asString()).isEqualTo("6.18.0");
        assertThat(root.get("machine").get("cpus").asInt()).isEqualTo(2);
        assertThat(root.get("sizeBytes").asLong()).isEqualTo(1L << 30);
    }

    @Test
    void tableHasOneLinePerCaseTheMachineAndTheReasonsWithinEightyColumns() {
        String t = report().table();
        assertThat(t).contains(
                "machine: Linux 6.18.0, 2 cpus, Some CPU @ 2.00GHz, load 1.00 0.50 0.25",
                "of 5 repetitions after warm-up (at least 8 rounds model, 2 host)");
        assertThat(
                t.lines().filter(l -> l.startsWith("shmem-read-touch")).findFirst().orElseThrow())
                .contains("131.07 M", "13.11 M", "10.00x", "16384");
        assertThat(
                t.lines().filter(l -> l.startsWith("anon-write-touch")).findFirst().orElseThrow())
                .contains("65.54 M").endsWith("-");
        assertThat(t).contains("anon-write-touch: host: not Linux",
                "(model 0.01 ms, host 12.00 ms).");
        assertThat(t.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
    }

    /** Counters that disagree with the case's work are named; counters that agree are not. */
    @ParameterizedTest
    @CsvSource({
            // case, minor faults, mapped kB, VmPTE kB, expected note (empty: none)
            "SHMEM_READ_TOUCH, 16384, 1048576, 2048, ''",
            "SHMEM_READ_TOUCH, 16611, 1048580, 2060, ''", // other JVM threads, within 1% + 64
            "SHMEM_READ_TOUCH, 16612, 1048576, 2048, '16612 minor faults, expected 16384 to 16611'",
            "SHMEM_READ_TOUCH, 512, 1048576, 8, '512 minor faults'", // THP: PMD mappings
            "SHMEM_READ_TOUCH, 16384, 0, 2048, 'RssShmem grew by 0 kB, expected at least 1048576'",
            "ANON_WRITE_TOUCH, 262144, 1048576, 2048, ''",
            "ANON_WRITE_TOUCH, 262144, 1048576, 2044, 'VmPTE grew by 2044 kB, expected at least 2048'",
            "FORK_ANON, 0, 1048576, 2048, ''",
            "FORK_ANON, 3000, 1048576, 2048, ''", // the JVM's copy-on-write faults: not checked
            "FORK_ANON, 0, 1040000, 2048, 'RssAnon grew by 1040000 kB, expected at least 1048576'",
    })
    void notesNameWhatDisagrees(BenchCase c, long faults, long mapped, long pte, String note) {
        List<String> n = Expect.notes(c, "host",
                new Measurement(1, 1, -1, PAGES, 0, faults, mapped, pte, 8));
        if (note.isEmpty()) {
            assertThat(n).isEmpty();
        } else {
            assertThat(n).anySatisfy(
                    x -> assertThat(x).startsWith("host " + c.id + ": ").contains(note));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "--format=xml", "--size=3MiB", "--size=lots", "--size=128GiB",
            "--repeat=0" })
    void badOptionsAreOneLineExitTwo(String option) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int s;
        try {
            s = Main.execute("bench", option);
        } finally {
            System.setErr(old);
        }
        assertThat(s).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip().lines()).hasSize(1);
    }
}
