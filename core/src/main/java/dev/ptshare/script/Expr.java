package dev.ptshare.script;

import java.util.List;
import java.util.Locale;

/**
 * An integer expression: 64-bit, wrapping on overflow like C's unsigned arithmetic
 * (512 TiB and every x86_64 address fit). {@link ExprPrinter#print} gives script text
 * that the parser reads back to the same value.
 */
public sealed interface Expr {
    /** A literal; size suffixes are already applied ({@code 2M} is 2097152). */
    record Num(long value) implements Expr {}

    /**
     * A symbolic constant in expression position: {@code NULL}, or a flag such as
     * {@code PROT_READ}.
     */
    record Const(String name, long value) implements Expr {}

    /** A variable, or a loop variable; the name may be a template such as {@code c{i}}. */
    record Var(NameTemplate name) implements Expr {}

    record Neg(Expr operand) implements Expr {}

    record Binary(BinOp op, Expr left, Expr right) implements Expr {}

    /** A dotted metric reference; any part may be a template ({@code c{i}.VmPTE}). */
    record Metric(List<NameTemplate> parts) implements Expr {
        public Metric {
            parts = List.copyOf(parts);
        }
    }

    /** {@code sum|min|max(PATH)} where one part of PATH is a glob over task names. */
    record Aggregate(AggFn fn, List<NameTemplate> parts) implements Expr {
        public Aggregate {
            parts = List.copyOf(parts);
        }
    }

    enum BinOp {
        ADD("+", 1), SUB("-", 1), MUL("*", 2);

        public final String symbol;
        public final int precedence;

        BinOp(String symbol, int precedence) {
            this.symbol = symbol;
            this.precedence = precedence;
        }
    }

    enum AggFn {
        SUM, MIN, MAX;

        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Evaluates against {@code env}; {@code line} is the statement's, for the Env's errors. */
    default long eval(Env env, int line) {
        return switch (this) {
            case Num n -> n.value();
            case Const c -> c.value();
            case Var v -> {
                String name = v.name().resolve(env);
                yield env.loop(name).orElseGet(() -> env.variable(name, line));
            }
            case Neg n -> -n.operand().eval(env, line);
            case Binary b -> {
                long l = b.left().eval(env, line);
                long r = b.right().eval(env, line);
                yield switch (b.op()) {
                    case ADD -> l + r;
                    case SUB -> l - r;
                    case MUL -> l * r;
                };
            }
            case Metric m -> env.metric(resolve(m.parts(), env), line);
            case Aggregate a -> env.aggregate(a.fn(), resolve(a.parts(), env), line);
        };
    }

    private static MetricPath resolve(List<NameTemplate> parts, LoopEnv loops) {
        return new MetricPath(parts.stream().map(p -> p.resolve(loops)).toList());
    }
}
