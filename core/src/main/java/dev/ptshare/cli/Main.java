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
        return cl.execute(args);
    }
}
