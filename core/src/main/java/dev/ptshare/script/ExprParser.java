package dev.ptshare.script;

import dev.ptshare.script.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Recursive descent over {@code + - *}, unary {@code -} and parentheses, with the usual
 * precedence. In <em>tight</em> mode (call arguments) white space outside parentheses ends
 * the expression, because spaces separate arguments; the one exception is a size suffix
 * after a number ({@code 2056 kB}), which binds to that number in every mode.
 */
final class ExprParser {
    private final Tokens in;
    private final boolean tight;
    /**
     * Where the expression starts: in tight mode that token carries the space before the argument.
     */
    private final int start;
    private int depth;

    private ExprParser(Tokens in, boolean tight) {
        this.in = in;
        this.tight = tight;
        this.start = in.position();
    }

    /** An expression that may contain spaces ({@code check}, {@code ->}, {@code for}). */
    static Expr full(Tokens in) {
        return new ExprParser(in, false).sum();
    }

    /** One call argument: no spaces outside parentheses. */
    static Expr tight(Tokens in) {
        return new ExprParser(in, true).sum();
    }

    private boolean continues() {
        return !(tight && depth == 0 && in.peek().spaced());
    }

    private Expr sum() {
        Expr left = product();
        while ((in.at(Kind.PLUS) || in.at(Kind.MINUS)) && continues()) {
            Expr.BinOp op = in.next().is(Kind.PLUS) ? Expr.BinOp.ADD : Expr.BinOp.SUB;
            left = new Expr.Binary(op, left, product());
        }
        return left;
    }

    private Expr product() {
        Expr left = unary();
        while (in.at(Kind.STAR) && continues()) {
            in.next();
            left = new Expr.Binary(Expr.BinOp.MUL, left, unary());
        }
        return left;
    }

    private Expr unary() {
        // Inside an argument an operand must follow its operator without a space.
        if (in.position() != start && !continues() && !in.atEnd()) {
            throw in.error("space inside an argument before " + in.peek().show()
                    + ": write 'a+b' or use parentheses '(a + b)'");
        }
        if (in.at(Kind.MINUS)) {
            in.next();
            return new Expr.Neg(unary());
        }
        return primary();
    }

    private Expr primary() {
        Token t = in.peek();
        if (t.is(Kind.EOL) || t.is(Kind.ARROW))
            throw in.error("expected an expression, got " + t.show());
        in.next();
        return switch (t.kind()) {
            case NUMBER -> number(t);
            case NAME -> name(t);
            case AGG -> aggregate(t);
            case LPAREN -> {
                depth++;
                Expr e = sum();
                depth--;
                in.expect(Kind.RPAREN, "')'");
                yield e;
            }
            default -> throw in.error("expected a number, variable or '(', got " + t.show());
        };
    }

    private Expr number(Token t) {
        long value = t.number();
        Token s = in.peek();
        if (s.is(Kind.NAME) && SizeSuffix.isSuffix(s.text())) {
            in.next();
            value = SizeSuffix.apply(value, s.text())
                    .orElseThrow(() -> in.error("bad number '" + t.text() + " " + s.text()
                            + "': out of the 64-bit range"));
        }
        return new Expr.Num(value);
    }

    private Expr name(Token t) {
        String name = t.text();
        if (in.at(Kind.DOT) && !in.peek().spaced()) return metric(t);
        if (name.equals(LinuxConstants.NULL)) return new Expr.Const(name, 0);
        if (LinuxConstants.isFlag(name))
            return new Expr.Const(name, LinuxConstants.flag(name).getAsLong());
        if (LinuxConstants.looksLikeFlag(name)) throw in.error("unknown flag '" + name + "'");
        return new Expr.Var(in.template(name));
    }

    /**
     * {@code a.b.c}: parts glued by dots; a last part may carry {@code (x)} as /proc/meminfo's
     * {@code Active(anon)}.
     */
    private Expr metric(Token first) {
        List<NameTemplate> parts = new ArrayList<>();
        parts.add(in.template(first.text()));
        while (in.at(Kind.DOT) && !in.peek().spaced()) {
            in.next();
            Token part = in.peek();
            if (!(part.is(Kind.NAME) || part.is(Kind.NUMBER)) || part.spaced()) {
                throw in.error("expected a name after '.', got " + part.show());
            }
            in.next();
            String text = part.text();
            if (in.at(Kind.LPAREN) && !in.peek().spaced() && in.peek(1).is(Kind.NAME)
                    && !in.peek(1).spaced()
                    && in.peek(2).is(Kind.RPAREN) && !in.peek(2).spaced()) {
                in.next();
                text += "(" + in.next().text() + ")";
                in.next();
            }
            parts.add(in.template(text));
        }
        return new Expr.Metric(parts);
    }

    private Expr aggregate(Token t) {
        Expr.AggFn fn = Expr.AggFn.valueOf(t.text().toUpperCase(Locale.ROOT));
        String[] raw = t.inner().split("\\.", -1);
        if (raw.length < 2)
            throw in.error(t.text() + "(...) needs TASKGLOB.FIELD, got '" + t.inner() + "'");
        List<NameTemplate> parts = new ArrayList<>();
        for (String p : raw) {
            if (!p.matches("[A-Za-z0-9_*?{}()]+")) {
                throw in.error("bad part '" + p + "' in " + t.text() + "(" + t.inner() + ")");
            }
            parts.add(in.template(p));
        }
        return new Expr.Aggregate(fn, parts);
    }
}
