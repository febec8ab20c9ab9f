package dev.ptshare.script;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Printing an expression and parsing the text back never changes its value. */
class ExprRoundTripProperties {
    private static final TestEnv ENV = new TestEnv().var("a", 3).var("b", -7).var("big", 1L << 49)
            .metric("c.VmPTE", 4096).metric("m1.c.minflt", 512);

    @Property(tries = 2000)
    void printParseEvaluate(@ForAll("exprs") Expr e) {
        String text = ExprPrinter.print(e);
        Expr back = Pts.expr(text);
        assertThat(back.eval(ENV, 1)).as(text).isEqualTo(e.eval(ENV, 1));
        assertThat(ExprPrinter.print(back)).as("printing is stable")
                .isEqualTo(ExprPrinter.print(Pts.expr(ExprPrinter.print(back))));
    }

    @Provide
    Arbitrary<Expr> exprs() {
        return Arbitraries.lazyOf(
                ExprRoundTripProperties::leaf,
                ExprRoundTripProperties::leaf,
                () -> exprs().map(Expr.Neg::new),
                () -> Arbitraries.of(Expr.BinOp.class).flatMap(op -> exprs()
                        .flatMap(l -> exprs().map(r -> (Expr) new Expr.Binary(op, l, r)))));
    }

    private static Arbitrary<Expr> leaf() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(v -> (Expr) new Expr.Num(v)),
                Arbitraries.longs().between(-5000, 5000).map(v -> (Expr) new Expr.Num(v)),
                Arbitraries.of("a", "b", "big").map(n -> (Expr) new Expr.Var(NameTemplate.of(n))),
                Arbitraries.of("NULL", "PROT_WRITE", "MAP_FIXED")
                        .map(n -> (Expr) new Expr.Const(n,
                                n.equals("NULL") ? 0 : LinuxConstants.flag(n).getAsLong())),
                Arbitraries.of("c.VmPTE", "m1.c.minflt").map(Pts::expr));
    }
}
