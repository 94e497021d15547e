package io.costfleet.importer;

import io.costfleet.job.Dataset;
import io.costfleet.source.ExportFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One {@code costfleet import}: whose files, which format (or any of the provider's), where to
 * write, and the files or folders to read.
 *
 * @param provider    {@code aws}, {@code gcp}, {@code azure} or {@code focus}
 * @param source      one format's source name, or null for every format of the provider (and FOCUS)
 * @param out         the storage root ({@code staging/}, {@code quarantine/} under it)
 * @param paths       files and folders (read recursively)
 * @param hints       facts the files may lack (the account of Cost Explorer responses)
 * @param dataset     dataset partition of records whose format does not set it, or null for the
 *                    default ({@code focus} for FOCUS files, else {@code usage})
 * @param pageSize    raw rows per staged page
 */
public record ImportRequest(String provider, String source, Path out, List<Path> paths,
    ExportFormat.ImportHints hints, Dataset dataset, int pageSize) {
  /** The providers {@code --provider} accepts. */
  public static final Set<String> PROVIDERS = Set.of("aws", "gcp", "azure", "focus");
  public static final int DEFAULT_PAGE_SIZE = 10_000;

  public ImportRequest {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(out, "out");
    paths = List.copyOf(paths);
    hints = hints == null ? ExportFormat.ImportHints.none() : hints;
    if (!PROVIDERS.contains(provider)) {
      throw new IllegalArgumentException("unknown provider '" + provider + "' (known: aws, gcp, azure, focus)");
    }
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("no PATH to import");
    }
    if (pageSize < 1) {
      throw new IllegalArgumentException("--page-size must be >= 1, was " + pageSize);
    }
  }
}
