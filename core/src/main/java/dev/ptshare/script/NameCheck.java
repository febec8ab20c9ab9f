package dev.ptshare.script;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds unknown tasks and variables at parse time, in file order: a name must be declared
 * ({@code task NAME}, or bound by {@code NAME = CALL}) on an earlier line, or be a loop
 * variable in scope. A templated binding such as {@code c{i} = fork} declares every
 * {@code cN}. References that are themselves templates are left to the runner, since
 * their values exist only while the loop runs.
 */
final class NameCheck {
    private final List<Pattern> tasks = new ArrayList<>();
    private final List<Pattern> vars = new ArrayList<>();

    void declareTask(NameTemplate name) {
        tasks.add(name.pattern());
    }

    /** A call's result: fork and thread return task names, so a binding declares both kinds. */
    void declareBinding(NameTemplate name) {
        vars.add(name.pattern());
        tasks.add(name.pattern());
    }

    void checkTask(NameTemplate ref, Tokens in) {
        if (!ref.isTemplate() && tasks.stream().noneMatch(p -> p.matcher(ref.raw()).matches())) {
            throw in.error("unknown task '" + ref.raw() + "'");
        }
    }

    void check(Expr e, Tokens in) {
        switch (e) {
            case Expr.Var v -> {
                String name = v.name().raw();
                if (!v.name().isTemplate() && !in.loopVars.contains(name)
                        && vars.stream().noneMatch(p -> p.matcher(name).matches())) {
                    throw in.error("unknown variable '" + name + "'");
                }
            }
            case Expr.Neg n -> check(n.operand(), in);
            case Expr.Binary b -> {
                check(b.left(), in);
                check(b.right(), in);
            }
            case Expr.Num n -> {
            }
            case Expr.Const c -> {
            }
            case Expr.Metric m -> {
            }
            case Expr.Aggregate a -> {
            }
        }
    }

    void check(Arg a, Tokens in) {
        switch (a) {
            case Arg.ExprArg e -> check(e.expr(), in);
            case Arg.KeyValueArg kv -> check(kv.value(), in);
            default -> {
            }
        }
    }

    void check(Expect x, Tokens in) {
        if (x instanceof Expect.ValueExpect v) check(v.value(), in);
    }
}
