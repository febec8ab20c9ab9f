package dev.ptshare.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Smoke run of every JMH benchmark in this module, as part of {@code ./mvnw verify}: no warmup, one
 * short measurement iteration per benchmark and parameter combination, in this JVM (no fork). It
 * only proves that each benchmark runs without throwing; the numbers are meaningless. JMH's log
 * (with the stack trace of a failing benchmark) goes to
 * target/surefire-reports/dev.ptshare.bench.BenchmarksSmokeTest-output.txt. For real measurements
 * see bench/pom.xml.
 */
class BenchmarksSmokeTest {
    @Test
    void everyBenchmarkRunsOnce() throws RunnerException {
        // A full benchmark run elsewhere on the machine holds /tmp/jmh.lock; a smoke run may share it.
        System.setProperty("jmh.ignoreLock", "true");
        Options options = new OptionsBuilder()
                .include(BenchmarksSmokeTest.class.getPackageName() + "\\..*")
                .forks(0)
                .threads(1)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .timeout(TimeValue.seconds(60))
                .timeUnit(TimeUnit.MICROSECONDS)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.NORMAL)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        assertThat(results).isNotEmpty();
    }
}
