package dev.ptshare.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ptshare} command line: one subcommand per job, errors as one line and exit 2. */
@Command(
        name = "ptshare",
        mixinStandardHelpOptions = true,
        version = "ptshare 0.1.0",
        description = "An executable model of Linux memory management for page-table sharing.",
        subcommands = { RunCommand.class, DemoCommand.class, MutantsCommand.class,
                CompareCommand.class, DesignsCommand.class, WorkloadsCommand.class,
                SweepCommand.class, BenchCommand.class })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line; bad usage gets one line on stderr and exit 2. */
    public static int execute(String... args) {
        dev.ptshare.check.Checker.install();
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler(
                (ex, a) -> {
                    ex.getCommandLine().getErr().println("ptshare: " + ex.getMessage());
                    return 2;
                });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println("ptshare: " + describe(ex));
            return ex instanceof dev.ptshare.script.ScriptException ? 2 : 70;
        });
        return cl.execute(args);
    }

    /**
     * One line for an exception that escaped a command: a script error's own message, else what
     * failed and where in ptshare (a bug: EX_SOFTWARE).
     */
    static String describe(Throwable ex) {
        if (ex instanceof dev.ptshare.script.ScriptException) return ex.getMessage();
        if (ex instanceof OutOfMemoryError) {
            return "out of Java heap (raise -Xmx in PTSHARE_JAVA_OPTS): " + ex.getMessage();
        }
        String where = "";
        for (StackTraceElement e : ex.getStackTrace()) {
            if (e.getClassName().startsWith("dev.ptshare.")) {
                where = " at " + e.getClassName().substring("dev.ptshare.".length()) + "."
                        + e.getMethodName() + ":" + e.getLineNumber();
                break;
            }
        }
        return "internal error: " + ex + where;
    }
}
