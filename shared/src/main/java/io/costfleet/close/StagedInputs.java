package io.costfleet.close;

import io.costfleet.runner.JobManifest;
import io.costfleet.staging.AtomicFiles;
import io.costfleet.staging.StagingLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the period's staged job directories and decides which count: per partition and slice
 * ({@link JobManifest#sliceKey()}), the highest generation with a completion manifest
 * ({@link ManifestPolicy}). Ignored directories are kept with the reason.
 */
public final class StagedInputs {

  /** What discovery found: jobs to read, and jobs left out with why. */
  public record Discovery(List<StagedJob> selected, List<Ignored> ignored) {}

  /** A job directory the close does not read. */
  public record Ignored(String partition, String jobId, String reason) {}

  private StagedInputs() {}

  public static Discovery discover(StagingLayout layout, YearMonth period, ManifestPolicy policy) throws IOException {
    List<StagedJob> selected = new ArrayList<>();
    List<Ignored> ignored = new ArrayList<>();
    Path root = layout.stagingRoot();
    for (Path providerDir : dirs(root, "provider=")) {
      Path periodDir = providerDir.resolve("billing_period=" + period);
      for (Path accountDir : dirs(periodDir, "account=")) {
        for (Path datasetDir : dirs(accountDir, "dataset=")) {
          String provider = value(providerDir);
          String account = value(accountDir);
          String dataset = value(datasetDir);
          String partition = partitionPath(provider, period, account, dataset);
          List<StagedJob> jobs = new ArrayList<>();
          for (Path jobDir : dirs(datasetDir, "job=")) {
            Optional<JobManifest> marker = JobManifest.read(jobDir.resolve(StagingLayout.MANIFEST_NAME));
            jobs.add(new StagedJob(provider, account, dataset, value(jobDir), jobDir, pages(jobDir), marker.orElse(null)));
          }
          boolean anyMarker = jobs.stream().anyMatch(j -> j.marker() != null);
          if (!anyMarker && policy == ManifestPolicy.AUTO) {
            jobs.stream().filter(j -> !j.pages().isEmpty()).forEach(selected::add);
            continue;
          }
          Map<String, StagedJob> latest = new LinkedHashMap<>();
          for (StagedJob j : jobs) {
            if (j.marker() == null) {
              ignored.add(new Ignored(partition, j.jobId(), "no completion marker (running, crashed or superseded)"));
              continue;
            }
            latest.merge(j.marker().sliceKey(), j, (a, b) -> a.generation() >= b.generation() ? a : b);
          }
          for (StagedJob j : jobs) {
            if (j.marker() == null) {
              continue;
            }
            StagedJob winner = latest.get(j.marker().sliceKey());
            if (winner == j) {
              selected.add(j);
            } else {
              ignored.add(new Ignored(partition, j.jobId(), "generation " + j.generation() + " superseded by generation "
                  + winner.generation() + " (job " + winner.jobId() + ")"));
            }
          }
        }
      }
    }
    selected.sort(Comparator.comparing(StagedJob::dir));
    ignored.sort(Comparator.comparing(Ignored::partition).thenComparing(Ignored::jobId));
    return new Discovery(selected, ignored);
  }

  static String partitionPath(String provider, YearMonth period, String account, String dataset) {
    return "provider=" + provider + "/billing_period=" + period + "/account=" + escape(account) + "/dataset=" + dataset;
  }

  private static List<Path> dirs(Path parent, String prefix) throws IOException {
    if (!Files.isDirectory(parent)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(parent)) {
      return s.filter(Files::isDirectory).filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
    }
  }

  private static List<Path> pages(Path jobDir) throws IOException {
    try (Stream<Path> s = Files.list(jobDir)) {
      return s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .filter(p -> !AtomicFiles.isTemporary(p)).sorted().toList();
    }
  }

  /** The partition value of a {@code key=value} directory, unescaped ({@code %2F} → {@code /}). */
  private static String value(Path dir) {
    String name = dir.getFileName().toString();
    String v = name.substring(name.indexOf('=') + 1);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '%' && i + 2 < v.length()) {
        sb.append((char) Integer.parseInt(v.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static String escape(String segment) {
    StringBuilder sb = new StringBuilder(segment.length());
    for (char c : segment.toCharArray()) {
      if (c == '/' || c == '\\' || c == '=' || c == '%' || c < 0x20 || c == ':') {
        sb.append('%').append(String.format("%02X", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
