package dev.ptshare.hostbench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ptshare.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ptshare bench: its report shapes (with made-up timings) and its bad input. No timing asserts. */
class BenchReportTest {
    private static final long PAGES = 262144;

    private static BenchReport report(boolean host) {
        // model 2 ms and host 20 ms for the same 262144 pages: ratio 10.
        Measurement model = new Measurement(2_000_000, PAGES, 16384);
        Measurement h = host ? new Measurement(20_000_000, PAGES, 16390) : null;
        return new BenchReport("Linux 6.18, 2 cpus", 1L << 30, 5, host ? null : "not Linux",
                List.of(new BenchReport.Row(BenchCase.SHMEM_READ_TOUCH, model, h)));
    }

    @Test
    void jsonHasTheDocumentedFieldsAndTheRatio() {
        String json = report(true).json();
        assertThat(json).contains("\"cases\"", "\"name\" : \"shmem-read-touch\"",
                "\"modelPagesPerSecond\" : 131072000", "\"hostPagesPerSecond\" : 13107200",
                "\"ratio\" : 10.0", "\"hostMinorFaults\" : 16390", "\"hostSkipped\" : null");
    }

    @Test
    void withoutAHostTheHostFieldsAreNullAndTheReasonIsGiven() {
        String json = report(false).json();
        assertThat(json).contains("\"hostPagesPerSecond\" : null", "\"ratio\" : null",
                "\"hostSkipped\" : \"not Linux\"");
        assertThat(report(false).table()).contains("host: not run (not Linux)");
    }

    @Test
    void tableHasOneLinePerCaseWithinEightyColumns() {
        String t = report(true).table();
        assertThat(t).contains("shmem-read-touch", "131.07 M", "13.11 M", "10.00x");
        assertThat(t.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
    }

    @ParameterizedTest
    @ValueSource(strings = { "--format=xml", "--size=3MiB", "--size=lots", "--repeat=0" })
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

    @Test
    void smallRunMeasuresEveryCaseAndTheFaultsItExpects() throws Exception {
        BenchReport r = Bench.run(4L << 20, 1);
        assertThat(r.rows()).extracting(row -> row.c()).containsExactly(BenchCase.values());
        for (BenchReport.Row row : r.rows()) {
            assertThat(row.model().pages()).isEqualTo(1024);
            assertThat(row.model().pagesPerSecond()).isPositive();
        }
        // Model: 64 fault-around faults of 16 pages; one fault per anonymous page.
        assertThat(r.rows().get(0).model().minorFaults()).isEqualTo(64);
        assertThat(r.rows().get(1).model().minorFaults()).isEqualTo(1024);
        if (r.hostSkipped() == null) {
            // The host really faulted (how often depends on its THP and fault-around settings).
            assertThat(r.rows().get(0).host().minorFaults()).isPositive();
            assertThat(r.rows().get(1).host().minorFaults()).isPositive();
            assertThat(r.rows().get(2).host().pagesPerSecond()).isPositive();
        }
    }
}
