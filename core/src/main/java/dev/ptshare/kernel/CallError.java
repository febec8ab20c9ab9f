package dev.ptshare.kernel;

/**
 * A call the model refuses to run: an argument the kernel layer cannot read (an unknown struct
 * field), or a feature it does not model. The runner reports it as a script error with the
 * file and line (exit 2), never as a kernel answer the model would have to make up.
 */
public final class CallError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private CallError(String msg) {
        super(msg);
    }

    /** {@code what} "is not modelled". */
    public static CallError notModelled(String what) {
        return new CallError(what + " is not modelled");
    }

    public static CallError badArgument(String msg) {
        return new CallError(msg);
    }
}
