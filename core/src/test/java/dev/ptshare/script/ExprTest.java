package dev.ptshare.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExprTest {
    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of("0", 0L),
                Arguments.of("42", 42L),
                Arguments.of("-1", -1L),
                Arguments.of("0x10", 16L),
                Arguments.of("0X1f", 31L),
                Arguments.of("0600", 0600L), // C-style octal, as in open modes
                Arguments.of("2M", 2097152L),
                Arguments.of("1K", 1024L),
                Arguments.of("1KiB", 1024L),
                Arguments.of("1MiB", 1L << 20),
                Arguments.of("1G", 1L << 30),
                Arguments.of("1GiB", 1L << 30),
                Arguments.of("1T", 1L << 40),
                Arguments.of("1TiB", 1L << 40),
                Arguments.of("512TiB", 512L << 40),
                Arguments.of("512GiB", 549755813888L),
                Arguments.of("0x10K", 16L << 10),
                Arguments.of("2056 kB", 2056L * 1024),
                Arguments.of("2056kB", 2056L * 1024),
                Arguments.of("4 KiB", 4096L),
                Arguments.of("3 * 4 kB", 12288L),
                Arguments.of("-2M", -2097152L),
                Arguments.of("1 + 2 * 3", 7L),
                Arguments.of("(1 + 2) * 3", 9L),
                Arguments.of("10 - 4 - 3", 3L),
                Arguments.of("10 - (4 - 3)", 9L),
                Arguments.of("2 * 3 + 4 * 5", 26L),
                Arguments.of("2*3+4*5", 26L),
                Arguments.of("-2 * 3", -6L),
                Arguments.of("-(2 + 3)", -5L),
                Arguments.of("- -4", 4L),
                Arguments.of("1 - -1", 2L),
                Arguments.of("((7))", 7L),
                Arguments.of("NULL", 0L),
                Arguments.of("PROT_READ", 1L),
                Arguments.of("0xffffffffffffffff", -1L),
                Arguments.of("-9223372036854775808", Long.MIN_VALUE),
                Arguments.of("8T * 1024 * 1024", Long.MIN_VALUE)); // wraps, unchecked
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("values")
    void evaluates(String text, long expected) {
        assertThat(Pts.eval(text)).isEqualTo(expected);
    }

    @Test
    void suffixBindsToTheNumberItFollows() {
        assertThat(Pts.expr("3 * 4 kB"))
                .isEqualTo(new Expr.Binary(Expr.BinOp.MUL, new Expr.Num(3), new Expr.Num(4096)));
    }

    @Test
    void variablesLoopVariablesAndTemplates() {
        TestEnv env = new TestEnv().var("a", 5).var("c3", 30).loop("i", 3);
        assertThat(Pts.expr("a + 1").eval(env, 1)).isEqualTo(6);
        assertThat(Pts.expr("i * 2", "i").eval(env, 1)).isEqualTo(6);
        assertThat(Pts.expr("c{i} + i", "i").eval(env, 1)).isEqualTo(33);
        assertThat(Pts.expr("c{i}", "i")).isEqualTo(new Expr.Var(NameTemplate.of("c{i}")));
    }

    @Test
    void metricPaths() {
        assertThat(Pts.expr("m1.c.minflt")).isEqualTo(metric("m1", "c", "minflt"));
        assertThat(Pts.expr("cpu0.tlb.entries")).isEqualTo(metric("cpu0", "tlb", "entries"));
        assertThat(Pts.expr("meminfo.Active(anon)")).isEqualTo(metric("meminfo", "Active(anon)"));
        assertThat(Pts.expr("c{i}.VmPTE", "i")).isEqualTo(metric("c{i}", "VmPTE"));
        TestEnv env = new TestEnv().metric("c.minflt", 600).metric("m1.c.minflt", 88)
                .metric("tlb.flushes", 7);
        assertThat(Pts.expr("c.minflt - m1.c.minflt").eval(env, 1)).isEqualTo(512);
        assertThat(Pts.expr("tlb.flushes * 2").eval(env, 1)).isEqualTo(14);
        assertThat(Pts.expr("A.VmPTE")).isEqualTo(metric("A", "VmPTE"));
    }

    @Test
    void aggregates() {
        assertThat(Pts.expr("sum(c*.VmPTE)")).isEqualTo(new Expr.Aggregate(Expr.AggFn.SUM,
                List.of(NameTemplate.of("c*"), NameTemplate.of("VmPTE"))));
        assertThat(Pts.expr("max( m1.c?.Rss )")).isEqualTo(new Expr.Aggregate(Expr.AggFn.MAX,
                List.of(NameTemplate.of("m1"), NameTemplate.of("c?"), NameTemplate.of("Rss"))));
        TestEnv env = new TestEnv().metric("min(c*.VmPTE).x", 4096);
        assertThat(Pts.expr("min(c*.VmPTE) + 1").eval(env, 1)).isEqualTo(4097);
    }

    @Test
    void metricRefSplitsMarkSubjectAndField() {
        assertThat(MetricPath.of("m1", "c", "minflt").ref("m1"::equals))
                .isEqualTo(new MetricRef("m1", "c", "minflt"));
        assertThat(MetricPath.of("c", "minflt").ref("c"::equals))
                .isEqualTo(new MetricRef(null, "c", "minflt"));
        assertThat(MetricPath.of("cpu0", "tlb", "entries").ref(s -> false))
                .isEqualTo(new MetricRef(null, "cpu0", "tlb.entries"));
        assertThat(MetricPath.of("before", "meminfo", "PageTables").ref("before"::equals))
                .isEqualTo(new MetricRef("before", "meminfo", "PageTables"));
    }

    @Test
    void printsScriptSyntax() {
        assertThat(ExprPrinter.print(Pts.expr("(1+2)*-3 - (4 - 5) - x.y")))
                .isEqualTo("(1 + 2) * -3 - (4 - 5) - x.y");
        assertThat(ExprPrinter.print(Pts.expr("-(a + 1)"))).isEqualTo("-(a + 1)");
        assertThat(ExprPrinter.print(Pts.expr("sum(c*.VmPTE) + NULL")))
                .isEqualTo("sum(c*.VmPTE) + NULL");
    }

    @Test
    void globsMatchTaskNames() {
        assertThat(Glob.matches("c*", "c12")).isTrue();
        assertThat(Glob.matches("c*", "p")).isFalse();
        assertThat(Glob.matches("c?", "c1")).isTrue();
        assertThat(Glob.matches("c?", "c12")).isFalse();
        assertThat(Glob.matches("a.b", "axb")).isFalse();
    }

    private static Expr.Metric metric(String... parts) {
        return new Expr.Metric(Stream.of(parts).map(NameTemplate::of).toList());
    }
}
