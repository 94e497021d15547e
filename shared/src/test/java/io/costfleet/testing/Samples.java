package io.costfleet.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the shared billing samples ({@code ../shared/samples} beside the project root). Override
 * with the system property {@code costfleet.samples.dir} or the environment variable
 * {@code COSTFLEET_SAMPLES}.
 */
public final class Samples {
  private Samples() {}

  public static Path root() {
    String configured = System.getProperty("costfleet.samples.dir", System.getenv("COSTFLEET_SAMPLES"));
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath();
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared").resolve("samples");
      if (Files.isRegularFile(candidate.resolve("README.md"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("billing samples not found: set -Dcostfleet.samples.dir or COSTFLEET_SAMPLES "
        + "to the folder shared/samples beside the project root");
  }

  public static Path path(String relative) {
    Path p = root().resolve(relative);
    if (!Files.exists(p)) {
      throw new IllegalStateException("sample missing: " + p);
    }
    return p;
  }
}
