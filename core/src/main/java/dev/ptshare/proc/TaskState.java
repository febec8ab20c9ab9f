package dev.ptshare.proc;

/** task_state_array[] of fs/proc/array.c: the status text; stat prints its first letter. */
public enum TaskState {
    RUNNING("R (running)"),
    SLEEPING("S (sleeping)"),
    DISK_SLEEP("D (disk sleep)"),
    STOPPED("T (stopped)"),
    TRACING_STOP("t (tracing stop)"),
    DEAD("X (dead)"),
    ZOMBIE("Z (zombie)"),
    PARKED("P (parked)"),
    IDLE("I (idle)");

    private final String text;

    TaskState(String text) {
        this.text = text;
    }

    /** The "State:" text, e.g. "S (sleeping)". */
    public String text() {
        return text;
    }

    /** The stat state letter. */
    public char letter() {
        return text.charAt(0);
    }
}
