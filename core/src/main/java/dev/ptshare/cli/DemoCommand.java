package dev.ptshare.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ptshare demo}: the main job on embedded defaults. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the bundled demo: fork, copy-on-write and page-table growth with /proc output.")
public final class DemoCommand implements Callable<Integer> {
    static final String SCRIPT = "/demo/fork-cow.pts";

    @Override
    public Integer call() throws IOException {
        Path tmp = Files.createTempFile("ptshare-demo-", ".pts");
        try (InputStream in = DemoCommand.class.getResourceAsStream(SCRIPT)) {
            Files.writeString(tmp, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        try {
            return RunCommand.runFiles(List.of(tmp), false, true, List.of(), System.out,
                    System.err);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
