package io.costfleet.importer;

import io.costfleet.job.Dataset;
import io.costfleet.runner.PageStager;
import io.costfleet.source.ExportFormat;
import io.costfleet.staging.StagingLayout;
import io.costfleet.validation.RecordValidator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Imports local export files into a storage root through the workers' normalizers, validator,
 * staging and quarantine, with no broker, Redis or cloud. Formats are the {@link ExportFormat}s on
 * the class path ({@link ServiceLoader}); a file is read by the first format of the requested
 * provider (then FOCUS) that recognizes it.
 */
public final class Importer {
  private static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;

  private final List<ExportFormat> formats;
  private final PrintStream progress;

  /**
   * @param formats  the formats known to this build
   * @param progress where progress and skipped files are reported (stderr), or null for none
   */
  public Importer(List<ExportFormat> formats, PrintStream progress) {
    this.formats = List.copyOf(formats);
    this.progress = progress;
  }

  /** The formats registered on the class path. */
  public static List<ExportFormat> discovered() {
    List<ExportFormat> found = new ArrayList<>();
    ServiceLoader.load(ExportFormat.class).forEach(found::add);
    return found;
  }

  /** {@code provider/source} of each known format, for messages. */
  public String known() {
    return formats.stream().map(f -> f.provider() + "/" + f.source()).sorted().collect(Collectors.joining(", "));
  }

  /**
   * Runs the import.
   *
   * @throws ImportException when an input cannot be read or is of no known format; files imported
   *                         before it stay written (re-running overwrites them)
   */
  public ImportSummary run(ImportRequest request) {
    List<ExportFormat> candidates = candidates(request);
    List<Located> files = locate(request, candidates);
    StagingLayout layout = new StagingLayout(request.out());
    ImportSummary summary = new ImportSummary();
    try (RecordValidator validator = new RecordValidator()) {
      for (Located f : files) {
        importFile(request, layout, validator, summary, f);
      }
    }
    return summary;
  }

  private void importFile(ImportRequest request, StagingLayout layout, RecordValidator validator,
      ImportSummary summary, Located f) {
    long rowsBefore = summary.rows();
    long stagedBefore = summary.staged();
    long quarantinedBefore = summary.quarantined();
    long started = System.nanoTime();
    long[] lastReport = {started};
    String name = f.file().toString();
    Dataset dataset = request.dataset() != null ? request.dataset()
        : f.format().source().equals("focus") ? Dataset.FOCUS : Dataset.USAGE;
    try (ExportFormat.ExportFile<?> export = f.format().open(f.file(), request.hints())) {
      PageStager stager = new PageStager(layout, validator, export.focusVersion());
      PartitionedFileImport<?> run = new PartitionedFileImport<>(layout, stager, summary, f.format(), f.file(), export,
          dataset, request.pageSize());
      run.run(() -> {
        long now = System.nanoTime();
        if (progress != null && now - lastReport[0] >= PROGRESS_EVERY_NANOS) {
          lastReport[0] = now;
          long rows = summary.rows() - rowsBefore;
          progress.printf(Locale.ROOT, "import: %s: %,d rows read (%,.0f rows/s)%n", name, rows,
              rows / ((now - started) / 1e9));
        }
      });
    } catch (IOException | RuntimeException e) {
      throw new ImportException(name + ": " + oneLine(e));
    }
    if (progress != null) {
      progress.printf(Locale.ROOT, "import: %s (%s/%s): %,d rows, %,d records staged, %,d rows quarantined (%.1f s)%n",
          name, f.format().provider(), f.format().source(), summary.rows() - rowsBefore,
          summary.staged() - stagedBefore, summary.quarantined() - quarantinedBefore,
          (System.nanoTime() - started) / 1e9);
    }
  }

  private List<ExportFormat> candidates(ImportRequest request) {
    List<ExportFormat> own = new ArrayList<>();
    List<ExportFormat> focus = new ArrayList<>();
    for (ExportFormat f : formats) {
      if (request.source() != null && !f.source().equals(request.source())) {
        continue;
      }
      if (f.provider().equals(request.provider())) {
        own.add(f);
      } else if (f.provider().equals("focus")) {
        focus.add(f);
      }
    }
    own.addAll(focus);
    if (own.isEmpty()) {
      throw new ImportException("unknown format: no " + request.provider()
          + (request.source() == null ? "" : " '" + request.source() + "'") + " export format in this build (known: "
          + known() + ")");
    }
    return own;
  }

  private record Located(Path file, ExportFormat format) {}

  private List<Located> locate(ImportRequest request, List<ExportFormat> candidates) {
    List<Located> out = new ArrayList<>();
    for (Path path : request.paths()) {
      if (!Files.exists(path)) {
        throw new ImportException("cannot read " + path + ": no such file or directory");
      }
      if (Files.isDirectory(path)) {
        List<Path> files = walk(path, request.out());
        int found = 0;
        for (Path file : files) {
          ExportFormat format = recognize(file, candidates);
          if (format == null) {
            if (progress != null) {
              progress.println("import: skipped " + file + " (not a " + request.provider() + " export)");
            }
          } else {
            out.add(new Located(file, format));
            found++;
          }
        }
        if (found == 0) {
          throw new ImportException("unknown format: no " + request.provider() + " export file under " + path
              + " (formats tried: " + names(candidates) + ")");
        }
      } else {
        ExportFormat format = recognize(path, candidates);
        if (format == null) {
          throw new ImportException("unknown format: " + path + " is not a " + request.provider()
              + " export (formats tried: " + names(candidates) + ")");
        }
        out.add(new Located(path, format));
      }
    }
    return out;
  }

  private static ExportFormat recognize(Path file, List<ExportFormat> candidates) {
    if (!Files.isReadable(file)) {
      throw new ImportException("cannot read " + file + ": permission denied");
    }
    for (ExportFormat f : candidates) {
      try {
        if (f.recognizes(file)) {
          return f;
        }
      } catch (IOException | RuntimeException e) {
        // not this format; the next one may read it
      }
    }
    return null;
  }

  /** The files under a folder, sorted, without hidden ones and without the import's own output. */
  private static List<Path> walk(Path dir, Path out) {
    Path output = out.toAbsolutePath().normalize();
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).filter(p -> !p.toAbsolutePath().normalize().startsWith(output))
          .filter(p -> !p.getFileName().toString().startsWith(".") && !p.getFileName().toString().startsWith("_"))
          .sorted().toList();
    } catch (IOException | UncheckedIOException e) {
      throw new ImportException("cannot read " + dir + ": " + oneLine(e));
    }
  }

  private static String names(List<ExportFormat> formats) {
    return formats.stream().map(f -> f.provider() + "/" + f.source()).collect(Collectors.joining(", "));
  }

  static String oneLine(Throwable e) {
    Throwable t = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    if (t instanceof java.nio.file.NoSuchFileException || t instanceof java.nio.file.AccessDeniedException) {
      m = t.getClass().getSimpleName() + ": " + m;
    }
    return m.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}
