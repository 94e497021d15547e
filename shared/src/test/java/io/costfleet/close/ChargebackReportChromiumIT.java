package io.costfleet.close;

import static org.assertj.core.api.Assertions.assertThat;

import io.costfleet.close.report.ChargebackReport;
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
 * Opens a closed period's chargeback.html in headless Chromium (Debian's package, installed by
 * {@code bin/ensure-chromium.sh} when missing), checks the browser logged no error and that the
 * screenshot shows the four charts (pixels of each chart's colour). The screenshot is kept at
 * {@code shared/target/chargeback-report.png}.
 */
class ChargebackReportChromiumIT {
  @TempDir Path root;

  @Test
  void theReportOpensWithoutErrorsAndShowsItsCharts() throws Exception {
    ThreeProviderPeriod.stage(root);
    assertThat(new PeriodClose().close(ThreeProviderPeriod.OCT, CloseOptions.of(root, root.resolve("rules.yaml"))))
        .isInstanceOf(CloseResult.Passed.class);
    Path html = root.resolve("reports/2026-10/chargeback.html");
    Path png = root.resolve("shot.png");
    String chromium = ensureChromium();

    List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + root.resolve("profile"), "--enable-logging=stderr", "--v=0", "--hide-scrollbars",
        "--window-size=1400,2000", "--screenshot=" + png, html.toUri().toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(root.resolve("chromium.log").toFile()).start();
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    String log = Files.readString(root.resolve("chromium.log"), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(log).isZero();
    // page errors: console errors, uncaught exceptions, failed loads of (forbidden) external assets
    assertThat(log).doesNotContain("Uncaught", ":CONSOLE(", "net::ERR_", "Failed to load resource");

    BufferedImage shot = ImageIO.read(png.toFile());
    Files.createDirectories(Path.of("target"));
    Files.copy(png, Path.of("target/chargeback-report.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThat(shot.getWidth()).isEqualTo(1400);
    for (String color : List.of(ChargebackReport.COST_CENTER_COLOR, ChargebackReport.SERVICE_COLOR,
        ChargebackReport.TREND_COLOR, ChargebackReport.UNALLOCATED_COLOR, ChargebackReport.ALLOCATED_COLOR)) {
      // the unallocated arc is 1.8% of the donut: a few hundred pixels; the others thousands
      assertThat(pixels(shot, color)).as("pixels of chart colour " + color).isGreaterThan(150);
    }
  }

  static long pixels(BufferedImage img, String hex) {
    int rgb = Integer.parseInt(hex.substring(1), 16);
    long n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        if ((img.getRGB(x, y) & 0xffffff) == rgb) {
          n++;
        }
      }
    }
    return n;
  }

  static String ensureChromium() throws IOException, InterruptedException {
    Path script = null;
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("bin/ensure-chromium.sh"))) {
        script = d.resolve("bin/ensure-chromium.sh");
        break;
      }
    }
    assertThat(script).as("bin/ensure-chromium.sh above " + Path.of("").toAbsolutePath()).isNotNull();
    Process p = new ProcessBuilder("bash", script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("ensure-chromium.sh").isZero();
    return out.lines().reduce((a, b) -> b).orElseThrow();
  }
}
