package dev.ptshare.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the .pts script a workload generates for a design: machine keys, then statements.
 * What the script says is exactly what runs (and what {@code --explain} prints).
 */
public final class Gen {
    final Map<String, String> machine = new LinkedHashMap<>();
    private final StringBuilder body = new StringBuilder();
    private int indent;
    private final List<String> once = new ArrayList<>();

    /** A contiguous piece of a shared object in some task's address space. */
    public record Segment(String base, long offsetInObject, long len) {}

    public Gen line(String s) {
        body.append("  ".repeat(indent)).append(s).append('\n');
        return this;
    }

    public Gen comment(String s) {
        return line("# " + s);
    }

    /** A statement emitted once per script (mounts, directories). */
    public Gen once(String key, String s) {
        if (!once.contains(key)) {
            once.add(key);
            line(s);
        }
        return this;
    }

    public Gen open(String header) {
        line(header);
        indent++;
        return this;
    }

    public Gen close() {
        indent--;
        return line("end");
    }

    public void machine(String key, String value) {
        machine.put(key, value);
    }

    public void addHugepages2m(long n) {
        long have = machine.containsKey("hugepages")
                ? Long.parseLong(machine.get("hugepages").substring(3))
                : 0;
        machine.put("hugepages", "2M:" + (have + n));
    }

    public String text() {
        StringBuilder b = new StringBuilder();
        if (!machine.isEmpty()) {
            b.append("machine");
            machine.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
            b.append('\n');
        }
        return b.append(body).toString();
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    /** touch of the first {@code bytes} of an object laid out as {@code segs}. */
    public Gen touch(String task, List<Segment> segs, long from, long bytes, String how) {
        long end = from + bytes;
        for (Segment s : segs) {
            long a = Math.max(from, s.offsetInObject()),
                    e = Math.min(end, s.offsetInObject() + s.len());
            if (a >= e) continue;
            line(task + ": touch " + s.base() + "+" + hex(a - s.offsetInObject()) + " " + hex(e - a)
                    + " " + how);
        }
        return this;
    }
}
