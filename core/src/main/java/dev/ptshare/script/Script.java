package dev.ptshare.script;

import java.nio.file.Path;
import java.util.List;

/** A parsed {@code .pts} file; {@code file} is the path as the user gave it, for messages. */
public record Script(Path file, List<Stmt> stmts) {
    public Script {
        stmts = List.copyOf(stmts);
    }

    /** A {@link ScriptException} located in this file. */
    public ScriptException error(int line, String message) {
        return new ScriptException(file, line, message);
    }
}
