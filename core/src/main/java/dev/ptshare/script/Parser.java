package dev.ptshare.script;

import dev.ptshare.script.Stmt.CallStmt;
import dev.ptshare.script.Stmt.ForStmt;
import dev.ptshare.script.Token.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Parses a whole {@code .pts} file before anything runs, so every syntax error, unknown
 * flag, misplaced {@code machine}, unbalanced {@code for}/{@code end} and unknown
 * (non-templated) task or variable is reported as {@link ScriptException} up front.
 * A line whose first token is followed by {@code :} or {@code @} is a call, so tasks may
 * be named like keywords.
 */
public final class Parser {
    private final String file;
    private final Predicate<String> isCall;
    private final Deque<Frame> frames = new ArrayDeque<>();
    private final List<Stmt> top = new ArrayList<>();
    private final NameCheck names = new NameCheck();
    private boolean started;

    /** An open {@code for} whose body is being read. */
    private record Frame(int line, String var, Expr from, Expr to, List<Stmt> body) {}

    private Parser(String file, Predicate<String> isCall) {
        this.file = file;
        this.isCall = isCall;
    }

    public static Script parse(Path file) throws IOException {
        return parse(file, Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Parses {@code text}; any lower-case call name is accepted (the runner knows the calls). */
    public static Script parse(Path file, String text) {
        return parse(file, text, call -> true);
    }

    /** Parses {@code text}, reporting a call that {@code isCall} rejects as "unknown call". */
    public static Script parse(Path file, String text, Predicate<String> isCall) {
        Parser p = new Parser(file.toString(), isCall);
        if (text.startsWith("\uFEFF")) text = text.substring(1); // a byte-order mark some editors write
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) p.line(i + 1, lines[i].replaceFirst("\r$", ""));
        if (!p.frames.isEmpty()) {
            throw new ScriptException(p.file, p.frames.peek().line, "'for' without 'end'");
        }
        return new Script(file, p.top);
    }

    private void line(int lineNo, String text) {
        String[] words = text.strip().split("[ \t]+", 2);
        if (words[0].equals("machine")) {
            machine(lineNo, text);
            return;
        }
        List<Token> tokens = Lexer.lex(file, lineNo, text);
        if (tokens.size() == 1) return;
        Tokens in = new Tokens(file, lineNo, tokens, loopVars());
        started = true;
        Token first = in.peek();
        if (first.is(Kind.NAME) && (in.peek(1).is(Kind.COLON) || in.peek(1).is(Kind.AT))) {
            add(call(in));
            return;
        }
        if (!first.is(Kind.NAME)) throw in.error("expected a statement, got " + first.show());
        switch (first.text()) {
            case "task" -> add(task(in));
            case "for" -> forStart(in);
            case "end" -> forEnd(in);
            case "mark" -> add(mark(in));
            case "check" -> add(check(in));
            case "show" -> add(ShowParser.show(in, names));
            default -> throw in.error("unknown statement '" + first.text()
                    + "' (a call is written 'TASK: CALL ...')");
        }
    }

    private Set<String> loopVars() {
        Set<String> vars = new HashSet<>();
        for (Frame f : frames) vars.add(f.var);
        return Set.copyOf(vars);
    }

    private void add(Stmt s) {
        (frames.isEmpty() ? top : frames.peek().body).add(s);
    }

    private void machine(int lineNo, String text) {
        if (started) throw new ScriptException(file, lineNo,
                "'machine' must come before any other statement");
        int hash = text.indexOf('#');
        String[] words = (hash < 0 ? text : text.substring(0, hash)).strip().split("[ \t]+", -1);
        var kv = new LinkedHashMap<String, String>();
        for (int i = 1; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            String key = eq < 0 ? "" : words[i].substring(0, eq);
            if (!key.matches("[a-z_][a-z0-9_]*") || eq == words[i].length() - 1) {
                throw new ScriptException(file, lineNo,
                        "machine: expected KEY=VALUE, got '" + words[i] + "'");
            }
            if (kv.put(key, words[i].substring(eq + 1)) != null) {
                throw new ScriptException(file, lineNo, "machine: '" + key + "' given twice");
            }
        }
        if (kv.isEmpty())
            throw new ScriptException(file, lineNo, "machine: expected KEY=VALUE ...");
        add(new Stmt.MachineStmt(lineNo, kv));
    }

    private Stmt task(Tokens in) {
        in.next();
        NameTemplate name = in.template(in.expect(Kind.NAME, "a task name").text());
        in.expectEnd();
        names.declareTask(name);
        return new Stmt.TaskStmt(in.line, name);
    }

    private CallStmt call(Tokens in) {
        NameTemplate task = in.template(in.next().text());
        names.checkTask(task, in);
        OptionalInt cpu = OptionalInt.empty();
        if (in.at(Kind.AT)) {
            in.next();
            Token c = in.next();
            if (!c.is(Kind.NAME) || c.spaced() || !c.text().matches("cpu[0-9]{1,6}")) {
                throw in.error("expected cpuN after '@', got " + c.show());
            }
            cpu = OptionalInt.of(Integer.parseInt(c.text().substring(3)));
        }
        in.expect(Kind.COLON, "':' after the task name");
        NameTemplate bind = null;
        if (in.at(Kind.NAME) && in.peek(1).is(Kind.EQ)) {
            String name = in.next().text();
            if (LinuxConstants.isFlag(name) || name.equals(LinuxConstants.NULL)) {
                throw in.error("cannot bind '" + name + "': it is a constant");
            }
            bind = in.template(name);
            in.next();
        }
        Token call = in.expect(Kind.NAME, "a call name");
        if (!call.text().matches("[a-z_][a-z0-9_]*"))
            throw in.error("bad call name '" + call.text() + "'");
        if (!isCall.test(call.text())) throw in.error("unknown call '" + call.text() + "'");
        List<Arg> args = ArgParser.args(in);
        args.forEach(a -> names.check(a, in));
        Expect expect = null;
        if (in.at(Kind.ARROW)) {
            in.next();
            expect = ExpectParser.expect(in);
            names.check(expect, in);
        }
        in.expectEnd();
        if (bind != null) names.declareBinding(bind);
        return new CallStmt(in.line, task, cpu, bind, call.text(), args, expect);
    }

    private void forStart(Tokens in) {
        in.next();
        Token var = in.expect(Kind.NAME, "a loop variable");
        if (!var.text().matches("[A-Za-z_][A-Za-z0-9_]*"))
            throw in.error("bad loop variable '" + var.text() + "'");
        if (in.loopVars.contains(var.text())) {
            throw in.error(
                    "loop variable '" + var.text() + "' is already used by an enclosing loop");
        }
        if (!in.peek().isName("in"))
            throw in.error("expected 'for VAR in A..B', got " + in.peek().show());
        in.next();
        Expr from = ExprParser.full(in);
        in.expect(Kind.DOTDOT, "'..' in 'for VAR in A..B'");
        Expr to = ExprParser.full(in);
        in.expectEnd();
        names.check(from, in);
        names.check(to, in);
        frames.push(new Frame(in.line, var.text(), from, to, new ArrayList<>()));
    }

    private void forEnd(Tokens in) {
        in.next();
        in.expectEnd();
        if (frames.isEmpty()) throw in.error("'end' without 'for'");
        Frame f = frames.pop();
        add(new ForStmt(f.line, f.var, f.from, f.to, f.body));
    }

    private Stmt mark(Tokens in) {
        in.next();
        NameTemplate name = in.template(in.expect(Kind.NAME, "a mark name").text());
        in.expectEnd();
        return new Stmt.MarkStmt(in.line, name);
    }

    private Stmt check(Tokens in) {
        in.next();
        Expr left = ExprParser.full(in);
        if (!in.at(Kind.CMP))
            throw in.error("expected a comparison (== != < <= > >=), got " + in.peek().show());
        CmpOp op = CmpOp.ofSymbol(in.next().text());
        Expr right = ExprParser.full(in);
        in.expectEnd();
        names.check(left, in);
        names.check(right, in);
        return new Stmt.CheckStmt(in.line, left, op, right);
    }
}
