package dev.ptshare.script;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ptshare.script.Arg.ExprArg;
import dev.ptshare.script.Arg.FlagsArg;
import dev.ptshare.script.Arg.KeyValueArg;
import dev.ptshare.script.Arg.StringArg;
import dev.ptshare.script.Arg.WordArg;
import dev.ptshare.script.Expr.BinOp;
import dev.ptshare.script.Expr.Binary;
import dev.ptshare.script.Expr.Const;
import dev.ptshare.script.Expr.Num;
import dev.ptshare.script.Expr.Var;
import dev.ptshare.script.Stmt.CallStmt;
import dev.ptshare.script.Stmt.CheckStmt;
import dev.ptshare.script.Stmt.ForStmt;
import dev.ptshare.script.Stmt.MachineStmt;
import dev.ptshare.script.Stmt.MarkStmt;
import dev.ptshare.script.Stmt.ShowStmt;
import dev.ptshare.script.Stmt.TaskStmt;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ParserTest {
    private static final String TASKS = "task t\nt: fd = exit\nt: p = exit\n";

    private static Script resource(String name) throws IOException {
        try {
            return Parser.parse(Path.of(ParserTest.class.getResource("/script/" + name).toURI()));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void specExampleBasicSharedMem() throws IOException {
        List<Stmt> s = resource("basic_shared_mem.pts").stmts();
        assertThat(s).hasSize(13);
        assertThat(s.getFirst()).isEqualTo(new TaskStmt(2, NameTemplate.of("parent")));
        assertThat(s.get(1))
                .isEqualTo(call(3, "parent", null, "mount", List.of(new WordArg("msharefs"),
                        new WordArg("/sys/fs/mshare")), null));
        assertThat(((CallStmt) s.get(2)).expect())
                .isEqualTo(new Expect.StringExpect("549755813888\n"));
        assertThat(s.get(3)).isEqualTo(call(5, "parent", "fd", "open",
                List.of(new WordArg("/sys/fs/mshare/t"),
                        new FlagsArg(List.of("O_RDWR", "O_CREAT", "O_EXCL")),
                        new ExprArg(new Num(0600))),
                null));
        assertThat(s.get(4)).isEqualTo(call(6, "parent", null, "ftruncate", List.of(var("fd"),
                new ExprArg(new Num(512L << 30))), new Expect.ValueExpect(new Num(0))));
        assertThat(((CallStmt) s.get(5)).args()).containsExactly(var("fd"),
                new WordArg("MSHAREFS_CREATE_MAPPING"),
                new KeyValueArg("region_offset", new ExprArg(new Num(0))),
                new KeyValueArg("size", new ExprArg(new Num(4096))),
                new KeyValueArg("offset", new ExprArg(new Num(0))),
                new KeyValueArg("prot", new FlagsArg(List.of("PROT_READ", "PROT_WRITE"))),
                new KeyValueArg("flags",
                        new FlagsArg(List.of("MAP_ANONYMOUS", "MAP_SHARED", "MAP_FIXED"))),
                new KeyValueArg("fd", new ExprArg(new Expr.Neg(new Num(1)))));
        assertThat(s.get(6)).isEqualTo(call(8, "parent", "child", "fork", List.of(), null));
        assertThat(((CallStmt) s.get(7)).args()).containsExactly(new ExprArg(new Const("NULL", 0)),
                new ExprArg(new Num(512L << 30)), new FlagsArg(List.of("PROT_READ", "PROT_WRITE")),
                new FlagsArg(List.of("MAP_SHARED")), var("fd"), new ExprArg(new Num(0)));
        assertThat(((CallStmt) s.get(8)).args().get(1)).isEqualTo(new StringArg("I am Msharefs"));
        assertThat(s.get(12)).isEqualTo(call(14, "parent", null, "store", List.of(
                new ExprArg(new Binary(BinOp.ADD, new Var(NameTemplate.of("p")), new Num(8192))),
                new ExprArg(new Num(1))), new Expect.SignalExpect("SIGSEGV")));
        assertThat(((Expect.SignalExpect) ((CallStmt) s.get(12)).expect()).number()).isEqualTo(11);
    }

    @Test
    void specExampleReaders() throws IOException {
        List<Stmt> s = resource("readers_128.pts").stmts();
        assertThat(s).hasSize(8);
        assertThat(((MachineStmt) s.getFirst()).keyValues()).containsExactly(Map.entry("cpus", "2"),
                Map.entry("memory", "24GiB"));
        assertThat(s.get(4)).isEqualTo(new MarkStmt(6, NameTemplate.of("before")));
        ForStmt loop = (ForStmt) s.get(5);
        assertThat(loop.line()).isEqualTo(7);
        assertThat(loop.var()).isEqualTo("i");
        assertThat(loop.from()).isEqualTo(new Num(1));
        assertThat(loop.to()).isEqualTo(new Num(128));
        assertThat(loop.body()).hasSize(3);
        assertThat(loop.body().getFirst()).isEqualTo(call(8, "p", "c{i}", "fork", List.of(), null));
        CallStmt mmap = (CallStmt) loop.body().get(1);
        assertThat(mmap.task()).isEqualTo(NameTemplate.of("c{i}"));
        assertThat(mmap.args().get(3))
                .isEqualTo(new FlagsArg(List.of("MAP_SHARED", "MAP_FIXED_NOREPLACE")));
        assertThat(((CallStmt) loop.body().get(2)).args()).containsExactly(var("b"),
                new ExprArg(new Num(1L << 30)), new WordArg("read"));
        assertThat(s.get(6))
                .isEqualTo(new ShowStmt(12, NameTemplate.of("c1"), "status", List.of()));
        CheckStmt check = (CheckStmt) s.get(7);
        assertThat(check.op()).isEqualTo(CmpOp.EQ);
        assertThat(check.left()).isInstanceOf(Expr.Aggregate.class);
    }

    @Test
    void machineKeepsRawValuesInOrder() {
        var m = (MachineStmt) Pts
                .stmts("machine cpus=4 memory=unbounded hugepages=2M:1100,1G:2 paging=5 # c")
                .getFirst();
        assertThat(m.keyValues()).containsExactly(Map.entry("cpus", "4"),
                Map.entry("memory", "unbounded"),
                Map.entry("hugepages", "2M:1100,1G:2"), Map.entry("paging", "5"));
        assertThat(Pts.stmts("# header\nmachine cpus=1\nmachine paging=4\ntask t")).hasSize(3);
    }

    @Test
    void cpuPrefixAndBinding() {
        CallStmt c = Pts.call(TASKS + "t@cpu3: v = load p 4");
        assertThat(c.cpu()).isEqualTo(OptionalInt.of(3));
        assertThat(c.bindVar()).isEqualTo(NameTemplate.of("v"));
        assertThat(c.args()).containsExactly(var("p"), new ExprArg(new Num(4)));
        assertThat(Pts.call(TASKS + "t: load p").cpu()).isEmpty();
    }

    @Test
    void argumentClassification() {
        CallStmt c = Pts.call(TASKS
                + "t: f MADV_DONTNEED read write fd x=NULL \"s\" (p + 1) p+1 /a/b 4 kB c.VmRSS");
        assertThat(c.args()).containsExactly(new FlagsArg(List.of("MADV_DONTNEED")),
                new WordArg("read"),
                new WordArg("write"), var("fd"),
                new KeyValueArg("x", new ExprArg(new Const("NULL", 0))),
                new StringArg("s"),
                new ExprArg(new Binary(BinOp.ADD, new Var(NameTemplate.of("p")), new Num(1))),
                new ExprArg(new Binary(BinOp.ADD, new Var(NameTemplate.of("p")), new Num(1))),
                new WordArg("/a/b"), new ExprArg(new Num(4096)),
                new ExprArg(
                        new Expr.Metric(List.of(NameTemplate.of("c"), NameTemplate.of("VmRSS")))));
        assertThat(new FlagsArg(List.of("MFD_HUGETLB", "MFD_HUGE_2MB")).value())
                .isEqualTo(4L | 21L << 26);
        assertThat(c.args().getFirst().number(null, 1)).isEqualTo(4);
    }

    @Test
    void negativeArgumentsAreNotSubtractions() {
        CallStmt c = Pts.call(TASKS + "t: mmap NULL 4KiB PROT_READ MAP_PRIVATE|MAP_ANONYMOUS -1 0");
        assertThat(c.args()).hasSize(6);
        assertThat(c.args().get(4)).isEqualTo(new ExprArg(new Expr.Neg(new Num(1))));
    }

    @Test
    void expectations() {
        assertThat(expect("-> EINVAL")).isEqualTo(new Expect.ErrnoExpect("EINVAL"));
        assertThat(((Expect.ErrnoExpect) expect("-> EINVAL")).number()).isEqualTo(22);
        assertThat(expect("-> SIGBUS")).isEqualTo(new Expect.SignalExpect("SIGBUS"));
        assertThat(expect("-> UFFD_WP")).isEqualTo(new Expect.EventExpect("UFFD_WP"));
        assertThat(expect("-> \"x\\n\"")).isEqualTo(new Expect.StringExpect("x\n"));
        assertThat(expect("-> p + 4 KiB")).isEqualTo(new Expect.ValueExpect(
                new Binary(BinOp.ADD, new Var(NameTemplate.of("p")), new Num(4096))));
        assertThat(expect("-> -1")).isEqualTo(new Expect.ValueExpect(new Expr.Neg(new Num(1))));
        assertThat(expect("->0")).isEqualTo(new Expect.ValueExpect(new Num(0)));
        assertThat(expect("")).isNull();
    }

    private static Expect expect(String tail) {
        return Pts.call(TASKS + "t: load p " + tail).expect();
    }

    @Test
    void nestedLoopsAndTemplates() {
        String text = """
                task p
                for i in 1..2
                  for j in i..i + 1
                    p: c{i}_{j} = fork
                    c{i}_{j}: store c{i}_{j} j
                  end
                end
                check c1_1.VmPTE == 0
                """;
        List<Stmt> s = Pts.stmts(text);
        ForStmt outer = (ForStmt) s.get(1);
        ForStmt inner = (ForStmt) outer.body().getFirst();
        assertThat(inner.from()).isEqualTo(new Var(NameTemplate.of("i")));
        assertThat(inner.to())
                .isEqualTo(new Binary(BinOp.ADD, new Var(NameTemplate.of("i")), new Num(1)));
        CallStmt store = (CallStmt) inner.body().get(1);
        LoopEnv loops = LoopEnv.of(Map.of("i", 2L, "j", 3L));
        assertThat(store.task().resolve(loops)).isEqualTo("c2_3");
        assertThat(((Var) ((ExprArg) store.args().getFirst()).expr()).name().resolve(loops))
                .isEqualTo("c2_3");
        assertThat(s.get(2).line()).isEqualTo(8);
    }

    @Test
    void templatesInMarksPathsAndShow() {
        String text = "task p\nfor i in 0..1\n  mark m{i}\n  p: c{i} = fork\n  show c{i} smaps_rollup\n"
                + "  check c{i}.minflt - m{i}.c{i}.minflt == 0\n  p: unlink /dev/shm/o{i}\nend";
        ForStmt loop = (ForStmt) Pts.stmts(text).get(1);
        assertThat(loop.body().getFirst()).isEqualTo(new MarkStmt(3, NameTemplate.of("m{i}")));
        assertThat(loop.body().get(2))
                .isEqualTo(new ShowStmt(5, NameTemplate.of("c{i}"), "smaps_rollup", List.of()));
        var unlink = (WordArg) ((CallStmt) loop.body().get(4)).args().getFirst();
        assertThat(unlink.resolve(LoopEnv.of(Map.of("i", 7L)))).isEqualTo("/dev/shm/o7");
    }

    @Test
    void showForms() {
        assertThat(Pts.stmts("show meminfo").getFirst())
                .isEqualTo(new ShowStmt(1, null, "meminfo", List.of()));
        assertThat(Pts.stmts("show tlb cpu0").getFirst())
                .isEqualTo(new ShowStmt(1, null, "tlb", List.of("cpu0")));
        assertThat(Pts.stmts("task a\nshow a maps extra").getLast())
                .isEqualTo(new ShowStmt(2, NameTemplate.of("a"), "maps", List.of("extra")));
    }

    @Test
    void specCheckForms() {
        var c = (CheckStmt) Pts.stmts("check A.VmPTE == 2056 kB").getFirst();
        assertThat(c.right()).isEqualTo(new Num(2056L * 1024));
        var d = (CheckStmt) Pts.stmts("check c.minflt - m1.c.minflt == 512").getFirst();
        TestEnv env = new TestEnv().metric("c.minflt", 1000).metric("m1.c.minflt", 488);
        assertThat(d.op().test(d.left().eval(env, 1), d.right().eval(env, 1))).isTrue();
    }

    @Test
    void checkOperators() {
        for (CmpOp op : CmpOp.values()) {
            CheckStmt c = (CheckStmt) Pts.stmts("check 1 " + op.symbol() + " 2").getFirst();
            assertThat(c.op()).isEqualTo(op);
        }
        assertThat(CmpOp.LE.test(1, 1)).isTrue();
        assertThat(CmpOp.GT.test(1, 1)).isFalse();
        assertThat(CmpOp.NE.test(1, 2)).isTrue();
    }

    @Test
    void tasksMayBeNamedLikeKeywords() {
        CallStmt c = Pts.call("task check\ncheck: exit 0");
        assertThat(c.task()).isEqualTo(NameTemplate.of("check"));
        assertThat(c.call()).isEqualTo("exit");
    }

    @Test
    void callValidatorIsOptional() {
        var s = Parser.parse(Pts.FILE, "task t\nt: mmap", List.of("mmap")::contains);
        assertThat(s.stmts()).hasSize(2);
    }

    @Test
    void windowsLineEndings() {
        assertThat(Pts.stmts("task t\r\nt: exit 0\r\n")).hasSize(2);
        assertThat(Pts.stmts("\uFEFFtask t")).hasSize(1);
    }

    private static ExprArg var(String name) {
        return new ExprArg(new Var(NameTemplate.of(name)));
    }

    private static CallStmt call(int line, String task, String bind, String call, List<Arg> args,
            Expect expect) {
        return new CallStmt(line, NameTemplate.of(task), OptionalInt.empty(),
                bind == null ? null : NameTemplate.of(bind), call, args, expect);
    }
}
