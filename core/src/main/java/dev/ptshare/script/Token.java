package dev.ptshare.script;

/**
 * One token of a line. {@code spaced} records whether white space came before it: the
 * spec separates call arguments by spaces, so the argument parser needs to know.
 *
 * @param text   the source text, except: {@code STRING} holds the decoded byte string and
 *               {@code AGG} holds the function name ({@code sum}) with the inside in {@code inner}
 * @param number the value of a {@code NUMBER}, attached size suffix applied
 */
record Token(Kind kind, String text, int col, boolean spaced, long number, String inner) {
    enum Kind {
        NAME,
        NUMBER,
        STRING,
        WORD,
        AGG,
        ARROW,
        EQ,
        CMP,
        PLUS,
        MINUS,
        STAR,
        LPAREN,
        RPAREN,
        PIPE,
        COLON,
        AT,
        DOT,
        DOTDOT,
        COMMA,
        EOL
    }

    static Token of(Kind kind, String text, int col, boolean spaced) {
        return new Token(kind, text, col, spaced, 0, null);
    }

    boolean is(Kind k) {
        return kind == k;
    }

    boolean isName(String s) {
        return kind == Kind.NAME && text.equals(s);
    }

    /** How the token reads in an error message. */
    String show() {
        return switch (kind) {
            case EOL -> "end of line";
            case STRING -> "a string";
            case AGG -> text + "(" + inner + ")";
            default -> "'" + text + "'";
        };
    }
}
