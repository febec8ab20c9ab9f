package dev.ptshare.script;

/** The comparison of a {@code check} statement. */
public enum CmpOp {
    EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

    private final String symbol;

    CmpOp(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    public boolean test(long left, long right) {
        return switch (this) {
            case EQ -> left == right;
            case NE -> left != right;
            case LT -> left < right;
            case LE -> left <= right;
            case GT -> left > right;
            case GE -> left >= right;
        };
    }

    public static CmpOp ofSymbol(String s) {
        for (CmpOp op : values()) if (op.symbol.equals(s)) return op;
        return null;
    }

    @Override
    public String toString() {
        return symbol;
    }
}
