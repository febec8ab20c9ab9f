package dev.ptshare.script;

import dev.ptshare.script.Token.Kind;
import java.util.List;
import java.util.Set;

/** A cursor over one line's tokens, with the loop variables in scope and error helpers. */
final class Tokens {
    final String file;
    final int line;
    final Set<String> loopVars;
    private final List<Token> list;
    private int pos;

    Tokens(String file, int line, List<Token> list, Set<String> loopVars) {
        this.file = file;
        this.line = line;
        this.list = list;
        this.loopVars = loopVars;
    }

    /** The index of the next token. */
    int position() {
        return pos;
    }

    Token peek() {
        return list.get(pos);
    }

    Token peek(int ahead) {
        return list.get(Math.min(pos + ahead, list.size() - 1));
    }

    Token next() {
        Token t = list.get(pos);
        if (t.kind() != Kind.EOL) pos++;
        return t;
    }

    boolean at(Kind k) {
        return peek().kind() == k;
    }

    boolean atEnd() {
        return at(Kind.EOL);
    }

    Token expect(Kind k, String what) {
        if (!at(k)) throw error("expected " + what + ", got " + peek().show());
        return next();
    }

    void expectEnd() {
        if (!atEnd()) throw error("unexpected " + peek().show());
    }

    ScriptException error(String message) {
        return new ScriptException(file, line, message);
    }

    /** A name template whose placeholders all name loop variables in scope. */
    NameTemplate template(String raw) {
        NameTemplate t = NameTemplate.of(raw);
        for (String v : t.variables()) {
            if (!loopVars.contains(v))
                throw error("'{" + v + "}' in '" + raw + "' is not a loop variable in scope");
        }
        return t;
    }
}
