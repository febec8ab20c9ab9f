package dev.ptshare.script;

import java.nio.file.Path;

/**
 * A script error (syntax, unknown name, bad number, ...). Its message is exactly
 * {@code FILE:LINE: message}, with FILE as the user gave it, so the CLI can print it as is
 * and exit 2 without a stack trace.
 */
public final class ScriptException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String detail;

    public ScriptException(String file, int line, String detail) {
        super(file + ":" + line + ": " + detail, null, false, false);
        this.file = file;
        this.line = line;
        this.detail = detail;
    }

    public ScriptException(Path file, int line, String detail) {
        this(file.toString(), line, detail);
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    /** The message without the {@code FILE:LINE: } prefix. */
    public String detail() {
        return detail;
    }
}
