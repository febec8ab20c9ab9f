package dev.ptshare.script;

import dev.ptshare.script.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code show TASK VIEW [WORDS]} and {@code show VIEW [WORDS]}. A first word that names a
 * machine-wide view is that view (so no task can be shown whose name is {@code meminfo});
 * the view names are checked here so a typo fails before anything runs.
 */
final class ShowParser {
    private ShowParser() {}

    /** Views of one task, as /proc/PID/... prints them. */
    static final Set<String> TASK_VIEWS = Set.of("maps", "smaps", "smaps_rollup", "status", "stat",
            "ptshare",
            "mshare");
    /** Machine-wide views. */
    static final Set<String> GLOBAL_VIEWS = Set.of("meminfo", "tlb");

    static Stmt.ShowStmt show(Tokens in, NameCheck names) {
        in.next();
        List<Token> words = new ArrayList<>();
        while (!in.atEnd()) {
            Token t = in.next();
            if (!(t.is(Kind.NAME) || t.is(Kind.NUMBER) || t.is(Kind.WORD)) || !t.spaced()) {
                throw in.error("show: unexpected " + t.show());
            }
            words.add(t);
        }
        if (words.isEmpty()) throw in.error("show: expected 'TASK VIEW' or 'meminfo'");
        String first = words.getFirst().text();
        if (GLOBAL_VIEWS.contains(first)) {
            return new Stmt.ShowStmt(in.line, null, first, texts(words.subList(1, words.size())));
        }
        NameTemplate task = in.template(first);
        names.checkTask(task, in);
        if (words.size() < 2)
            throw in.error("show: expected a view after '" + first + "' (" + views() + ")");
        String what = words.get(1).text();
        if (!TASK_VIEWS.contains(what))
            throw in.error("show: unknown view '" + what + "' (" + views() + ")");
        return new Stmt.ShowStmt(in.line, task, what, texts(words.subList(2, words.size())));
    }

    private static String views() {
        return String.join(" ", new TreeSet<>(TASK_VIEWS));
    }

    private static List<String> texts(List<Token> ts) {
        return ts.stream().map(Token::text).toList();
    }
}
