package dev.ptshare.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed scripts fail at parse time with exactly {@code FILE:LINE: message}. */
class ErrorTest {
    private static final String T = "task t\n";

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of(T + "for i in 1..3\n  t: exit 0\n", "t.pts:2: 'for' without 'end'"),
                Arguments.of(T + "end\n", "t.pts:2: 'end' without 'for'"),
                Arguments.of(T + "for i in 1..2\nend\nend\n", "t.pts:4: 'end' without 'for'"),
                Arguments.of(T + "t: ftruncate 3 08\n",
                        "t.pts:2: bad number '08': a leading 0 makes it octal"),
                Arguments.of(T + "t: ftruncate 3 0x\n", "t.pts:2: bad number '0x'"),
                Arguments.of(T + "t: ftruncate 3 99999999999999999999\n",
                        "t.pts:2: bad number '99999999999999999999': out of the 64-bit range"),
                Arguments.of(T + "t: ftruncate 3 17000000T\n",
                        "t.pts:2: bad number '17000000T': out of the 64-bit range"),
                Arguments.of(T + "t: ftruncate 3 4GB\n",
                        "t.pts:2: unknown size suffix 'GB' in '4GB' (K KiB M MiB G GiB T TiB kB)"),
                Arguments.of(T + "t: store 0 \"abc\n", "t.pts:2: unterminated string"),
                Arguments.of(T + "t: store 0 \"a\\qb\"\n", "t.pts:2: unknown escape '\\q'"),
                Arguments.of(T + "machine cpus=2\n",
                        "t.pts:2: 'machine' must come before any other statement"),
                Arguments.of("machine cpus\n", "t.pts:1: machine: expected KEY=VALUE, got 'cpus'"),
                Arguments.of("machine cpus=1 cpus=2\n", "t.pts:1: machine: 'cpus' given twice"),
                Arguments.of(T + "t: load 0 ->\n",
                        "t.pts:2: expected a value, errno, signal or string after '->'"),
                Arguments.of(T + "t: load 0 -> EINVALL\n",
                        "t.pts:2: unknown errno, signal or event 'EINVALL' after '->'"),
                Arguments.of(T + "t: load 0 -> \"x\" 1\n", "t.pts:2: unexpected '1'"),
                Arguments.of(T + "t: load 0 -> 1 2\n",
                        "t.pts:2: unexpected '2' after the expected value"),
                Arguments.of(T + "t: mmap 0 4K PROT_READ|PROT_WRIT MAP_SHARED\n",
                        "t.pts:2: unknown flag 'PROT_WRIT'"),
                Arguments.of(T + "t: mmap 0 4K PROT_READ MAP_SHRED\n",
                        "t.pts:2: unknown flag 'MAP_SHRED'"),
                Arguments.of(T + "t: mmap 0 4K PROT_READ| PROT_WRITE\n",
                        "t.pts:2: space inside flags after '|': write 'A|B'"),
                Arguments.of(T + "t: store p+ 1 2\n",
                        "t.pts:2: space inside an argument before '1': write 'a+b' or use parentheses '(a + b)'"),
                Arguments.of(T + "t: store (1 + 2 3\n", "t.pts:2: expected ')', got '3'"),
                Arguments.of(T + "t: store 1) 2\n", "t.pts:2: unexpected ')' in an argument"),
                Arguments.of(T + "t: store ~1\n", "t.pts:2: unexpected character '~'"),
                Arguments.of(T + "t load 0\n",
                        "t.pts:2: unknown statement 't' (a call is written 'TASK: CALL ...')"),
                Arguments.of(T + "t: 5\n", "t.pts:2: expected a call name, got '5'"),
                Arguments.of(T + "t@gpu0: exit\n", "t.pts:2: expected cpuN after '@', got 'gpu0'"),
                Arguments.of(T + "u: exit\n", "t.pts:2: unknown task 'u'"),
                Arguments.of(T + "t: store x 1\n", "t.pts:2: unknown variable 'x'"),
                Arguments.of(T + "t: x = load x\n", "t.pts:2: unknown variable 'x'"),
                Arguments.of(T + "t: c{i} = fork\n",
                        "t.pts:2: '{i}' in 'c{i}' is not a loop variable in scope"),
                Arguments.of(T + "task c{\n",
                        "t.pts:2: bad placeholder in 'c{': expected {VAR} naming a loop variable"),
                Arguments.of(T + "for i in 1..2\nfor i in 1..2\nend\nend\n",
                        "t.pts:3: loop variable 'i' is already used by an enclosing loop"),
                Arguments.of(T + "for i in 1 to 2\nend\n",
                        "t.pts:2: expected '..' in 'for VAR in A..B', got 'to'"),
                Arguments.of(T + "for i from 1..2\nend\n",
                        "t.pts:2: expected 'for VAR in A..B', got 'from'"),
                Arguments.of(T + "check 1 = 1\n",
                        "t.pts:2: expected a comparison (== != < <= > >=), got '='"),
                Arguments.of(T + "check 1 == 1 == 1\n", "t.pts:2: unexpected '=='"),
                Arguments.of(T + "check t.VmPTE == 2056 kb\n", "t.pts:2: unexpected 'kb'"),
                Arguments.of(T + "check sum(c*) == 0\n",
                        "t.pts:2: sum(...) needs TASKGLOB.FIELD, got 'c*'"),
                Arguments.of(T + "check max(c*.VmPTE == 0\n", "t.pts:2: unclosed 'max('"),
                Arguments.of(T + "show t pagemap\n",
                        "t.pts:2: show: unknown view 'pagemap' (maps mshare ptshare smaps smaps_rollup stat status)"),
                Arguments.of(T + "show\n", "t.pts:2: show: expected 'TASK VIEW' or 'meminfo'"),
                Arguments.of(T + "task\n", "t.pts:2: expected a task name, got end of line"),
                Arguments.of(T + "mark\n", "t.pts:2: expected a mark name, got end of line"),
                Arguments.of(T + "t: ioctl 3 Size=1\n",
                        "t.pts:2: bad key 'Size': keys are lower-case names"),
                Arguments.of(T + "t: ioctl 3 size= 1\n",
                        "t.pts:2: expected a value right after 'size='"),
                Arguments.of(T + "t: MAP_SHARED = exit\n",
                        "t.pts:2: cannot bind 'MAP_SHARED': it is a constant"),
                Arguments.of(T + ": exit\n", "t.pts:2: expected a statement, got ':'"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("malformed")
    void reportsFileAndLine(String text, String message) {
        ScriptException e = catchThrowableOfType(ScriptException.class, () -> Pts.parse(text));
        assertThat(e).as("no error for %s", text).isNotNull();
        assertThat(e.getMessage()).isEqualTo(message);
        assertThat(e.getStackTrace()).as("no stack trace is recorded for user errors").isEmpty();
    }

    @Test
    void unknownCallWithValidator() {
        var e = catchThrowableOfType(ScriptException.class,
                () -> Parser.parse(java.nio.file.Path.of("dir/x.pts"), "task t\n\nt: mmapp",
                        "mmap"::equals));
        assertThat(e.getMessage()).isEqualTo("dir/x.pts:3: unknown call 'mmapp'");
        assertThat(e.file()).isEqualTo("dir/x.pts");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.detail()).isEqualTo("unknown call 'mmapp'");
    }

    @Test
    void errorsInsideLoopBodiesAreFoundBeforeAnythingRuns() {
        var e = catchThrowableOfType(ScriptException.class,
                () -> Pts.parse("task p\nfor i in 1..1000000\n  p: exit 0\n  p: store 0 1Q\nend"));
        assertThat(e.getMessage())
                .isEqualTo("t.pts:4: unknown size suffix 'Q' in '1Q' (K KiB M MiB G GiB T TiB kB)");
    }
}
