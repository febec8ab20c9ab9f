package dev.ptshare.hostbench;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a side really did a case's work, from its counters: the minor faults of the timed part
 * within [expected, expected + 1% + 64] where the case expects a count (the host's count is the
 * whole JVM's, whose other threads may fault meanwhile), the case's Rss field grown by at least
 * the size, VmPTE by at least one PTE table per 2 MiB. Each miss is one note.
 */
final class Expect {
    private Expect() {}

    static List<String> notes(BenchCase c, String side, Measurement m) {
        List<String> out = new ArrayList<>();
        if (m == null) return out;
        long lo = c.expectedFaults(m.pages()), hi = lo + lo / 100 + 64;
        if (lo >= 0 && (m.minorFaults() < lo || m.minorFaults() > hi)) {
            out.add(side + " " + c.id + ": " + m.minorFaults() + " minor faults, expected " + lo
                    + (lo == hi ? "" : " to " + hi));
        }
        long kib = m.pages() << 2;
        if (m.mappedKiB() < kib) {
            out.add(side + " " + c.id + ": " + c.rssField() + " grew by " + m.mappedKiB()
                    + " kB, expected at least " + kib + " kB");
        }
        long pte = (m.pages() + 511) / 512 * 4;
        if (m.pageTableKiB() < pte) {
            out.add(side + " " + c.id + ": VmPTE grew by " + m.pageTableKiB()
                    + " kB, expected at least " + pte + " kB");
        }
        return out;
    }
}
