package dev.ptshare.script;

import dev.ptshare.script.Token.Kind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits one line into tokens. Rules: {@code #} outside a string ends the line; numbers are
 * decimal, {@code 0x} hex or (like C, for modes such as {@code 0600}) octal with a leading
 * {@code 0}, optionally glued to a size suffix; names may hold {@code {var}} placeholders;
 * a word starting with {@code /} or {@code ./} is a path; {@code sum(...)}, {@code min(...)}
 * and {@code max(...)} are read whole because their glob contains {@code *}.
 */
final class Lexer {
    private final String file;
    private final int line;
    private final String src;
    private int pos;

    private Lexer(String file, int line, String src) {
        this.file = file;
        this.line = line;
        this.src = src;
    }

    /** The tokens of {@code src}, ending with an {@code EOL} token. */
    static List<Token> lex(String file, int line, String src) {
        return new Lexer(file, line, src).run();
    }

    private ScriptException error(String message) {
        return new ScriptException(file, line, message);
    }

    private List<Token> run() {
        List<Token> out = new ArrayList<>();
        while (true) {
            int start = pos;
            while (pos < src.length() && (src.charAt(pos) == ' ' || src.charAt(pos) == '\t')) pos++;
            boolean spaced = pos > start || pos == 0;
            if (pos >= src.length() || src.charAt(pos) == '#') {
                out.add(Token.of(Kind.EOL, "", pos, spaced));
                return out;
            }
            out.add(next(spaced));
        }
    }

    private char peek(int ahead) {
        int i = pos + ahead;
        return i < src.length() ? src.charAt(i) : '\0';
    }

    private Token next(boolean spaced) {
        int col = pos;
        char c = src.charAt(pos);
        if (c >= '0' && c <= '9') return number(spaced);
        if (isNameStart(c)) return name(spaced);
        if (c == '"') return string(spaced);
        if (c == '/' || (c == '.' && (peek(1) == '/' || (peek(1) == '.' && peek(2) == '/'))))
            return word(spaced);
        String two = src.substring(pos, Math.min(pos + 2, src.length()));
        Kind kind = switch (two) {
            case "->" -> Kind.ARROW;
            case ".." -> Kind.DOTDOT;
            case "==", "!=", "<=", ">=" -> Kind.CMP;
            default -> null;
        };
        if (kind != null) {
            pos += 2;
            return Token.of(kind, two, col, spaced);
        }
        kind = switch (c) {
            case '=' -> Kind.EQ;
            case '<', '>' -> Kind.CMP;
            case '+' -> Kind.PLUS;
            case '-' -> Kind.MINUS;
            case '*' -> Kind.STAR;
            case '(' -> Kind.LPAREN;
            case ')' -> Kind.RPAREN;
            case '|' -> Kind.PIPE;
            case ':' -> Kind.COLON;
            case '@' -> Kind.AT;
            case '.' -> Kind.DOT;
            case ',' -> Kind.COMMA;
            default -> throw error("unexpected character '" + c + "'");
        };
        pos++;
        return Token.of(kind, String.valueOf(c), col, spaced);
    }

    private static boolean isNameStart(char c) {
        return (c < 128 && Character.isLetter(c)) || c == '_' || c == '{';
    }

    private static boolean isNamePart(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '_');
    }

    private Token name(boolean spaced) {
        int col = pos;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (isNamePart(c)) {
                pos++;
            } else if (c == '{') {
                int close = src.indexOf('}', pos);
                String var = close < 0 ? "" : src.substring(pos + 1, close);
                if (!var.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw error("bad placeholder in '"
                            + src.substring(col, close < 0 ? src.length() : close + 1)
                            + "': expected {VAR} naming a loop variable");
                }
                pos = close + 1;
            } else {
                break;
            }
        }
        String text = src.substring(col, pos);
        if ((text.equals("sum") || text.equals("min") || text.equals("max")) && peek(0) == '(') {
            int close = src.indexOf(')', pos);
            if (close < 0) throw error("unclosed '" + text + "('");
            String inner = src.substring(pos + 1, close).strip();
            pos = close + 1;
            return new Token(Kind.AGG, text, col, spaced, 0, inner);
        }
        return Token.of(Kind.NAME, text, col, spaced);
    }

    private Token word(boolean spaced) {
        int col = pos;
        while (pos < src.length() && !Character.isWhitespace(src.charAt(pos))
                && src.charAt(pos) != '#')
            pos++;
        return Token.of(Kind.WORD, src.substring(col, pos), col, spaced);
    }

    private Token number(boolean spaced) {
        int col = pos;
        int radix = 10;
        int digitsStart = pos;
        if (src.startsWith("0x", pos) || src.startsWith("0X", pos)) {
            radix = 16;
            pos += 2;
            digitsStart = pos;
            while (pos < src.length() && Character.digit(src.charAt(pos), 16) >= 0) pos++;
        } else {
            while (pos < src.length() && Character.isDigit(src.charAt(pos))) pos++;
            if (src.charAt(col) == '0' && pos - col > 1) {
                radix = 8;
                digitsStart = col + 1;
            }
        }
        String digits = src.substring(digitsStart, pos);
        int suffixStart = pos;
        while (pos < src.length() && isNamePart(src.charAt(pos))) pos++;
        String suffix = src.substring(suffixStart, pos);
        String text = src.substring(col, pos);
        if (digits.isEmpty()) throw error("bad number '" + text + "'");
        long value;
        try {
            value = Long.parseUnsignedLong(digits, radix);
        } catch (NumberFormatException e) {
            throw error("bad number '" + src.substring(col, suffixStart) + "'"
                    + (radix == 8 ? ": a leading 0 makes it octal" : ": out of the 64-bit range"));
        }
        if (!suffix.isEmpty()) {
            if (!SizeSuffix.isSuffix(suffix)) {
                throw error("unknown size suffix '" + suffix + "' in '" + text
                        + "' (K KiB M MiB G GiB T TiB kB)");
            }
            value = SizeSuffix.apply(value, suffix)
                    .orElseThrow(() -> error("bad number '" + text + "': out of the 64-bit range"));
        }
        return new Token(Kind.NUMBER, text, col, spaced, value, null);
    }

    /** Decodes C escapes; the result is a byte string (source text as UTF-8, one char per byte). */
    private Token string(boolean spaced) {
        int col = pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= src.length()) throw error("unterminated string");
            int cp = src.codePointAt(pos);
            pos += Character.charCount(cp);
            if (cp == '"') break;
            if (cp != '\\') {
                if (cp < 0x80) {
                    out.append((char) cp);
                } else {
                    for (byte b : Character.toString(cp).getBytes(StandardCharsets.UTF_8))
                        out.append((char) (b & 0xff));
                }
                continue;
            }
            if (pos >= src.length()) throw error("unterminated string");
            char e = src.charAt(pos++);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case '\\', '"', '\'' -> out.append(e);
                case 'x' -> {
                    int start = pos;
                    while (pos < src.length() && pos - start < 2
                            && Character.digit(src.charAt(pos), 16) >= 0)
                        pos++;
                    if (pos == start) throw error("bad escape '\\x': expected hex digits");
                    out.append((char) Integer.parseInt(src.substring(start, pos), 16));
                }
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    int start = pos - 1;
                    while (pos < src.length() && pos - start < 3 && src.charAt(pos) >= '0'
                            && src.charAt(pos) <= '7')
                        pos++;
                    int v = Integer.parseInt(src.substring(start, pos), 8);
                    if (v > 0xff) throw error(
                            "bad escape '\\" + src.substring(start, pos) + "': above \\377");
                    out.append((char) v);
                }
                default -> throw error("unknown escape '\\" + e + "'");
            }
        }
        return new Token(Kind.STRING, out.toString(), col, spaced, 0, null);
    }
}
