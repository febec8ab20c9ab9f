package dev.ptshare.run;

/** How the runner prints numbers and strings: addresses in hex, small numbers in decimal. */
final class Render {
    private Render() {}

    static String number(long v) {
        return v >= 0x10000 || v < -0x10000 ? "0x" + Long.toHexString(v) : Long.toString(v);
    }

    static String string(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20 || c >= 0x7f)
                        b.append(String.format("\\x%02x", (int) c));
                    else
                        b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}
