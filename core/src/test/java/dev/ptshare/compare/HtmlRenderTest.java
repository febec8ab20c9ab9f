package dev.ptshare.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report as a browser shows it: headless Chromium loads the file with the network off,
 * and the rendered DOM and a screenshot must hold the chart and the table. Skipped (not passed)
 * when no Chromium is installed ({@code apt-get install chromium}, or {@code $CHROMIUM}).
 */
class HtmlRenderTest {
    @TempDir
    Path dir;

    private static Path chromium() {
        String env = System.getenv("CHROMIUM");
        for (String c : new String[] { env, "/usr/bin/chromium", "/usr/bin/chromium-browser",
                "/usr/bin/google-chrome" }) {
            if (c != null && Files.isExecutable(Path.of(c))) return Path.of(c);
        }
        return null;
    }

    private String chrome(Path exe, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(exe.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--no-first-run", "--proxy-server=127.0.0.1:9",
                "--user-data-dir=" + dir.resolve("profile")));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        return out;
    }

    @Test
    void chromiumRendersTheChartAndTheTableOffline() throws Exception {
        Path exe = chromium();
        assumeTrue(exe != null, "no Chromium installed");
        Params p = Params.of(Workload.SGA.params, List.of("processes=3", "sga=2MiB"));
        List<Result> rs = new ArrayList<>();
        for (Design d : List.of(Design.PRIVATE, Design.MSHARE))
            rs.add(Compare.run(Workload.SGA, d, p, false, Compare.Progress.NONE));
        Path html = dir.resolve("report.html");
        Files.writeString(html, Report.Format.HTML.render(new Report(Workload.SGA, p, 42,
                1L << 30, rs)));

        String dom = chrome(exe, "--dump-dom", html.toUri().toString());
        assertThat(dom).contains("<svg id=\"chart\"").contains("<polyline")
                .contains("<table id=\"results\">").contains("private").contains("mshare");

        Path png = dir.resolve("shot.png");
        chrome(exe, "--window-size=1000,800", "--screenshot=" + png, html.toUri().toString());
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img).as("screenshot").isNotNull();
        // Something was drawn: the page is not one flat colour.
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 4)
            for (int x = 0; x < img.getWidth(); x += 4) colours.add(img.getRGB(x, y));
        assertThat(colours.size()).isGreaterThan(3);
    }
}
