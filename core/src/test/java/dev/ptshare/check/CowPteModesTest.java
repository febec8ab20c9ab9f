package dev.ptshare.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ptshare.run.CallTable;
import dev.ptshare.run.Runner;
import dev.ptshare.script.Parser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The COW PTE scripts are written for {@code cow_pte=on} (RFC v2 accounting) and run that way by
 * ScriptSuiteTest. Here each one that is not tied to a mode by its name ({@code -on},
 * {@code -off}, {@code -accounting}) runs again with {@code cow_pte=accounting} (v5) under the
 * checker: what every process observes and what COW PTE does (tables shared, copied, reused,
 * dropped) must be the same, and the only expectations allowed to differ are the accounting
 * ones, VmPTE, RSS and PSS (mapcounts), which the checker's audit verifies against the page
 * tables in each mode.
 */
class CowPteModesTest {
    private static final Path DIR = Path.of("src/test/resources/pts/cowpte");
    private static final Pattern FAILED_LINE = Pattern.compile(":(\\d+): ");
    private static final Pattern ACCOUNTING = Pattern
            .compile("\\.(VmPTE|VmRSS|Rss\\w*|Pss\\w*)\\b");

    static {
        Checker.install();
    }

    @TestFactory
    Stream<DynamicTest> sameBehaviourWithPerPageAccounting() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(DIR)) {
            files = s.filter(p -> p.toString().endsWith(".pts"))
                    .filter(p -> !p.getFileName().toString()
                            .matches(".*-(on|off|accounting)\\.pts"))
                    .sorted()
                    .toList();
        }
        assertThat(files).isNotEmpty();
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            String text = Files.readString(f);
            assertThat(text).contains("cow_pte=on");
            List<String> lines = text.lines().toList();
            String acct = text.replace("cow_pte=on", "cow_pte=accounting");
            Runner r = new Runner(Parser.parse(f, acct),
                    new Runner.Options(true, true, EnumSet.noneOf(dev.ptshare.mm.Mutant.class)),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new CallTable());
            r.run();
            for (String failure : r.failures()) {
                assertThat(failure).doesNotContain("checker:");
                Matcher m = FAILED_LINE.matcher(failure);
                assertThat(m.find()).as(failure).isTrue();
                String line = lines.get(Integer.parseInt(m.group(1)) - 1);
                assertThat(ACCOUNTING.matcher(line).find())
                        .as("only VmPTE/RSS/PSS may differ between the modes: " + failure).isTrue();
            }
        }));
    }
}
