package dev.ptshare.script;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Test helpers: parse snippets as file {@code t.pts}. */
final class Pts {
    private Pts() {}

    static final Path FILE = Path.of("t.pts");

    static Script parse(String text) {
        return Parser.parse(FILE, text);
    }

    static List<Stmt> stmts(String text) {
        return parse(text).stmts();
    }

    /** One full expression, as after {@code check}, with {@code loopVars} in scope. */
    static Expr expr(String text, String... loopVars) {
        Tokens in = new Tokens("t.pts", 1, Lexer.lex("t.pts", 1, text), Set.of(loopVars));
        Expr e = ExprParser.full(in);
        in.expectEnd();
        return e;
    }

    static long eval(String text) {
        return expr(text).eval(new TestEnv(), 1);
    }

    /** The call on the last line of {@code text}. */
    static Stmt.CallStmt call(String text) {
        return (Stmt.CallStmt) stmts(text).getLast();
    }
}
