package dev.ptshare.script;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.OptionalInt;
import java.util.SequencedMap;

/** One statement of a script, with the 1-based line it came from. */
public sealed interface Stmt {
    int line();

    /**
     * {@code machine KEY=VALUE ...}: values stay raw text ({@code hugepages=2M:1100,1G:2}); the
     * runner reads them.
     */
    record MachineStmt(int line, SequencedMap<String, String> keyValues) implements Stmt {
        public MachineStmt {
            keyValues = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(keyValues));
        }
    }

    /** {@code task NAME}: a new process with an empty address space. */
    record TaskStmt(int line, NameTemplate name) implements Stmt {}

    /**
     * {@code TASK[@cpuN]: [VAR =] CALL ARGS... [-> EXPECT]}. {@code bindVar} and
     * {@code expect} are null when absent.
     */
    record CallStmt(int line, NameTemplate task, OptionalInt cpu, NameTemplate bindVar, String call,
            List<Arg> args, Expect expect) implements Stmt {
        public CallStmt {
            args = List.copyOf(args);
        }
    }

    /** {@code for VAR in FROM..TO ... end}: an inclusive range, evaluated when the loop starts. */
    record ForStmt(int line, String var, Expr from, Expr to, List<Stmt> body) implements Stmt {
        public ForStmt {
            body = List.copyOf(body);
        }
    }

    /** {@code mark NAME}: snapshot every counter now. */
    record MarkStmt(int line, NameTemplate name) implements Stmt {}

    record CheckStmt(int line, Expr left, CmpOp op, Expr right) implements Stmt {}

    /**
     * {@code show TASK VIEW [WORDS...]} or {@code show VIEW [WORDS...]} for a machine-wide
     * view ({@code meminfo}, {@code tlb}); {@code task} is null for the latter.
     */
    record ShowStmt(int line, NameTemplate task, String what, List<String> extra) implements Stmt {
        public ShowStmt {
            extra = List.copyOf(extra);
        }
    }
}
