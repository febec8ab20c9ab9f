package dev.ptshare.script;

import java.util.regex.Pattern;

/** Shell-style globs over task names for aggregates: {@code *} any run, {@code ?} one char. */
public final class Glob {
    private Glob() {}

    public static boolean isGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0;
    }

    public static Pattern compile(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    public static boolean matches(String glob, String name) {
        return compile(glob).matcher(name).matches();
    }
}
