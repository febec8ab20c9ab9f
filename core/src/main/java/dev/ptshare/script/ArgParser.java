package dev.ptshare.script;

import dev.ptshare.script.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a call's arguments up to {@code ->} or the end of the line; the rules are on {@link Arg}.
 */
final class ArgParser {
    private ArgParser() {}

    static List<Arg> args(Tokens in) {
        List<Arg> args = new ArrayList<>();
        while (!in.atEnd() && !in.at(Kind.ARROW)) {
            if (!in.peek().spaced()) throw in.error("expected a space before " + in.peek().show());
            args.add(arg(in));
            if (!in.atEnd() && !in.at(Kind.ARROW) && !in.peek().spaced()) {
                throw in.error("unexpected " + in.peek().show() + " in an argument");
            }
        }
        return args;
    }

    /** One argument; its first token may be spaced, the rest may not. */
    private static Arg arg(Tokens in) {
        Token t = in.peek();
        Token after = in.peek(1);
        boolean glued = !after.spaced() && !after.is(Kind.EOL);
        switch (t.kind()) {
            case STRING -> {
                in.next();
                return new Arg.StringArg(t.text());
            }
            case WORD -> {
                in.next();
                in.template(t.text());
                return new Arg.WordArg(t.text());
            }
            case NAME -> {
                if (glued && after.is(Kind.EQ)) return keyValue(in);
                if (glued && after.is(Kind.PIPE)) return flags(in);
                if (!glued || after.is(Kind.ARROW)) {
                    String name = t.text();
                    if (LinuxConstants.isFlag(name)) {
                        in.next();
                        return new Arg.FlagsArg(List.of(name));
                    }
                    if (LinuxConstants.isWord(name)) {
                        in.next();
                        return new Arg.WordArg(name);
                    }
                }
            }
            default -> {
            }
        }
        return new Arg.ExprArg(ExprParser.tight(in));
    }

    private static Arg keyValue(Tokens in) {
        Token key = in.next();
        if (!key.text().matches("[a-z_][a-z0-9_]*")) {
            throw in.error("bad key '" + key.text() + "': keys are lower-case names");
        }
        in.next(); // '='
        if (in.atEnd() || in.at(Kind.ARROW) || in.peek().spaced()) {
            throw in.error("expected a value right after '" + key.text() + "='");
        }
        Arg value = arg(in);
        if (value instanceof Arg.KeyValueArg)
            throw in.error("unexpected '=' in the value of '" + key.text() + "'");
        return new Arg.KeyValueArg(key.text(), value);
    }

    private static Arg flags(Tokens in) {
        List<String> names = new ArrayList<>();
        while (true) {
            Token t = in.next();
            if (!t.is(Kind.NAME)) throw in.error("expected a flag name after '|', got " + t.show());
            if (!LinuxConstants.isFlag(t.text())) throw in.error("unknown flag '" + t.text() + "'");
            names.add(t.text());
            if (!in.at(Kind.PIPE) || in.peek().spaced()) break;
            in.next();
            if (in.peek().spaced()) throw in.error("space inside flags after '|': write 'A|B'");
        }
        return new Arg.FlagsArg(names);
    }
}
