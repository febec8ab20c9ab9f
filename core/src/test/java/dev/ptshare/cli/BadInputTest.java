package dev.ptshare.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Malformed input gets one line with file:line and exit 2, never a stack trace. */
class BadInputTest {
    @TempDir
    Path dir;

    private record Result(int status, String out, String err) {}

    private Result run(String script) throws IOException {
        Path f = dir.resolve("bad.pts");
        Files.writeString(f, script);
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int s = RunCommand.runFiles(List.of(f), false, false, List.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(s, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "task p\\np: mmap NULL 4KiB PROT_RED MAP_PRIVATE -1 0|2|unknown flag",
            "task p\\nq: exit|2|unknown task",
            "machine cpus=0\\ntask p|1|cpus must be 1..64",
            "machine memory=lots\\ntask p|1|bad number for memory",
            "machine frobs=1\\ntask p|1|unknown machine key",
            "machine memory=9TiB\\ntask p|1|8 TiB of physical address",
            "machine cow_pte=yes\\ntask p|1|cow_pte must be off, on or accounting",
            "machine fork_rule=6.19\\ntask p|1|fork_rule must be 6.18, posted or fixed",
            "task p\\np@cpu9: exit|2|cpu9 does not exist",
            "task p\\np: frobnicate 1|2|unknown call",
            "task p\\np: mmap NULL|2|mmap",
    })
    void oneLineWithFileAndLine(String script, int line, String message) throws IOException {
        Result r = run(script.replace("\\n", "\n"));
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith(dir.resolve("bad.pts") + ":" + line + ":")
                .contains(message);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    /**
     * Errors only running can find (a struct field the call does not have, a userfaultfd mode the
     * model does not implement): one line with file:line on stderr and exit 2, after the lines of
     * the statements that ran.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ioctl u UFFDIO_API api=UFFD_API feature=0|3|UFFDIO_API has no field 'feature'",
            "ioctl u UFFDIO_REGISTER start=m len=4096 mode=1|5|UFFDIO_REGISTER_MODE_MISSING is not modelled",
            "ioctl u UFFDIO_REGISTER start=m len=4096 mode=4|5|UFFDIO_REGISTER_MODE_MINOR is not modelled",
            "ioctl u UFFDIO_COPY dst=m src=m len=4096 mode=0|5|UFFDIO_COPY is not modelled",
    })
    void runTimeErrorIsOneLineExitTwo(String call, int line, String message) throws IOException {
        String head = line == 3 ? "task p\np: u = userfaultfd 0\n"
                : "task p\np: u = userfaultfd 0\np: ioctl u UFFDIO_API api=UFFD_API features=0\n"
                        + "p: m = mmap NULL 4096 3 34 -1 0\n";
        Result r = run(head + "p: " + call + "\n");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo(dir.resolve("bad.pts") + ":" + line + ": ioctl: "
                + message + (message.endsWith("modelled") ? "" : " (it reads api, features)"));
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void failedExpectationExitsOneWithExpectedGot() throws IOException {
        Result r = run("task p\np: munmap 1 4096 -> 0\n");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).contains("bad.pts:2: expected 0, got -1 EINVAL");
    }

    @Test
    void unexpectedSignalIsAFailure() throws IOException {
        Result r = run("task p\np: load 0x1000\n");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).contains("bad.pts:2: unexpected SIGSEGV");
    }

    @Test
    void unknownOptionIsOneLineExitTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int s;
        try {
            s = Main.execute("run", "--frob", "x.pts");
        } finally {
            System.setErr(old);
        }
        assertThat(s).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip().lines()).hasSize(1);
    }

    /** A workload parameter the machine or Linux cannot have: one line naming it, exit 2. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--set=cpus=0|cpus must be 1..64, got 0",
            "--set=cpus=65|cpus must be 1..64, got 65",
            "--set=memory=0|memory must be at least 16MiB, got 0",
            "--set=processes=99999999999|processes must be 0..4194304, got 99999999999",
            "--format=xml|unknown format 'xml' (known: table, json, csv, html)",
            "--set=touch=2|touch must be in [0, 1], got 2",
    })
    void badWorkloadParameterIsOneLineExitTwo(String arg, String message) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int s;
        try {
            s = Main.execute("compare", "sga", arg);
        } finally {
            System.setErr(old);
        }
        assertThat(s).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip().lines())
                .containsExactly("ptshare: " + message);
    }
}
