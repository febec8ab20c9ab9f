package dev.ptshare.cli;

import dev.ptshare.mm.Mutant;
import dev.ptshare.run.CallTable;
import dev.ptshare.run.Runner;
import dev.ptshare.script.Parser;
import dev.ptshare.script.Script;
import dev.ptshare.script.ScriptException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ptshare run FILE.pts...}: the .pts contract (../shared/spec/pts-scripts.md). */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run .pts scripts.")
public final class RunCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE.pts", description = "scripts to run")
    List<Path> files;

    @Option(names = "--quiet", description = "print only failures")
    boolean quiet;

    @Option(names = "--check", description = "run the reference checker in lockstep")
    boolean check;

    @Option(names = "--mutate", paramLabel = "NAME",
            description = "enable a known-bad model variant (see 'ptshare mutants')")
    List<String> mutate = new ArrayList<>();

    @Override
    public Integer call() {
        return runFiles(files, quiet, check, mutate, System.out, System.err);
    }

    /** Parses every file first (script errors stop everything, exit 2), then runs each. */
    public static int runFiles(List<Path> files, boolean quiet, boolean check, List<String> mutate,
            PrintStream out, PrintStream err) {
        if (check) dev.ptshare.check.Checker.install();
        EnumSet<Mutant> mutants = EnumSet.noneOf(Mutant.class);
        for (String m : mutate) {
            Mutant mu = Mutant.byName(m);
            if (mu == null) {
                err.println("ptshare: unknown mutant '" + m + "' (see 'ptshare mutants')");
                return 2;
            }
            mutants.add(mu);
        }
        CallTable calls = new CallTable();
        List<Script> scripts = new ArrayList<>();
        for (Path f : files) {
            try {
                if (!Files.isRegularFile(f)) {
                    err.println(f + ": no such file");
                    return 2;
                }
                Script s = Parser.parse(f, Files.readString(f), calls.names()::contains);
                Runner.validate(s, calls);
                scripts.add(s);
            } catch (ScriptException e) {
                err.println(e.getMessage());
                return 2;
            } catch (IOException e) {
                err.println(f + ": " + e.getMessage());
                return 2;
            }
        }
        int status = 0;
        for (Script s : scripts) {
            Runner r = new Runner(s, new Runner.Options(quiet, check, mutants), out, calls);
            try {
                status = Math.max(status, r.run());
            } catch (ScriptException e) {
                err.println(e.getMessage());
                return 2;
            } catch (Runner.Divergence e) {
                for (String f : r.failures()) out.println(f);
                status = Math.max(status, 1);
            }
        }
        return status;
    }
}
