package dev.ptshare.script;

import dev.ptshare.script.Token.Kind;

/**
 * Reads what follows {@code ->}: a string, an errno name, a signal name, an event name
 * ({@link Expect#EVENTS}) or a value expression. An upper-case name that is none of these
 * and no constant is an error, so a typo such as {@code EINVALL} is not read as a variable.
 */
final class ExpectParser {
    private ExpectParser() {}

    static Expect expect(Tokens in) {
        Token t = in.peek();
        if (in.atEnd()) throw in.error("expected a value, errno, signal or string after '->'");
        boolean alone = in.peek(1).is(Kind.EOL);
        if (t.is(Kind.STRING)) {
            in.next();
            in.expectEnd();
            return new Expect.StringExpect(t.text());
        }
        if (t.is(Kind.NAME) && alone) {
            String name = t.text();
            if (Errno.isErrno(name)) return consumed(in, new Expect.ErrnoExpect(name));
            if (Signals.isSignal(name)) return consumed(in, new Expect.SignalExpect(name));
            if (Expect.EVENTS.contains(name)) return consumed(in, new Expect.EventExpect(name));
            if (name.matches("[A-Z][A-Z0-9_]*") && !LinuxConstants.isFlag(name)
                    && !name.equals(LinuxConstants.NULL)) {
                throw in.error("unknown errno, signal or event '" + name + "' after '->'");
            }
        }
        Expr value = ExprParser.full(in);
        if (!in.atEnd())
            throw in.error("unexpected " + in.peek().show() + " after the expected value");
        return new Expect.ValueExpect(value);
    }

    private static Expect consumed(Tokens in, Expect e) {
        in.next();
        return e;
    }
}
