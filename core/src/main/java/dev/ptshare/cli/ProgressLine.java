package dev.ptshare.cli;

import dev.ptshare.compare.Compare;

/** A one-line progress indicator on stderr when it is a terminal, nothing otherwise. */
final class ProgressLine implements Compare.Progress {
    private long last;

    static Compare.Progress forStderr() {
        return System.console() != null && System.console().isTerminal() ? new ProgressLine()
                : Compare.Progress.NONE;
    }

    @Override
    public void step(String design, long processes) {
        if (design == null) {
            System.err.print("\r\033[K");
            return;
        }
        long now = System.nanoTime();
        if (now - last < 200_000_000L) return;
        last = now;
        System.err.print("\r\033[K" + design + ": " + processes + " processes");
    }
}
