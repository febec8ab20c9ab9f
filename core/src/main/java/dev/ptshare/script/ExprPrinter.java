package dev.ptshare.script;

import java.util.stream.Collectors;

/**
 * Prints expressions in script syntax with the fewest parentheses that keep their meaning,
 * so failure messages read like the script and the parser reads the text back.
 */
public final class ExprPrinter {
    private ExprPrinter() {}

    public static String print(Expr e) {
        StringBuilder sb = new StringBuilder();
        print(e, sb);
        return sb.toString();
    }

    private static void print(Expr e, StringBuilder sb) {
        switch (e) {
            case Expr.Num n -> sb.append(n.value());
            case Expr.Const c -> sb.append(c.name());
            case Expr.Var v -> sb.append(v.name().raw());
            case Expr.Neg n -> {
                sb.append('-');
                boolean paren = n.operand() instanceof Expr.Binary;
                if (paren) sb.append('(');
                print(n.operand(), sb);
                if (paren) sb.append(')');
            }
            case Expr.Binary b -> {
                operand(b.left(), b.op().precedence, sb);
                sb.append(' ').append(b.op().symbol).append(' ');
                // Left-associative: an equal-precedence right operand needs parentheses.
                operand(b.right(), b.op().precedence + 1, sb);
            }
            case Expr.Metric m -> sb.append(join(m.parts()));
            case Expr.Aggregate a ->
                sb.append(a.fn().keyword()).append('(').append(join(a.parts())).append(')');
        }
    }

    private static void operand(Expr e, int minPrecedence, StringBuilder sb) {
        boolean paren = e instanceof Expr.Binary b && b.op().precedence < minPrecedence;
        if (paren) sb.append('(');
        print(e, sb);
        if (paren) sb.append(')');
    }

    private static String join(java.util.List<NameTemplate> parts) {
        return parts.stream().map(NameTemplate::raw).collect(Collectors.joining("."));
    }
}
