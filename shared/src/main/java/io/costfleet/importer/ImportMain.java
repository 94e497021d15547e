package io.costfleet.importer;

import io.costfleet.job.Dataset;
import io.costfleet.source.ExportFormat;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code costfleet import --provider aws|gcp|azure|focus [--source NAME] --out DIR PATH...}: ingests
 * export files a user already has. Standard output's last line is the {@link ImportSummary} JSON;
 * progress, skipped files and errors go to standard error. Exit codes: 0 the inputs were read
 * (quarantined rows included), 1 an input is unreadable or of no known format (one-line reason),
 * 2 a usage error.
 */
public final class ImportMain {
  static final String USAGE = """
      usage: costfleet import --provider aws|gcp|azure|focus [--source NAME] --out DIR [options] PATH...
        --provider P      whose export files PATH holds:
                            aws    CUR / Data Exports (csv, csv.gz, csv.zip, parquet), Cost Explorer JSON responses
                            gcp    Cloud Billing export rows (CSV, JSON lines, JSON array; optionally .gz)
                            azure  Cost Management exports (cost details CSV of every header set, FOCUS)
                            focus  FOCUS 0.5-1.2 exports of any provider (csv, csv.gz, parquet)
                          a provider's own FOCUS exports are read with any of the first three as well
        --source NAME     read only with this format (see "formats" below); default: every format of P
        --out DIR         storage root: FOCUS Parquet under DIR/staging, rejected rows under DIR/quarantine
        --account ID      billing account of files that do not name it (Cost Explorer responses; default unknown)
        --dataset D       usage|amortized|focus: dataset partition of records whose format does not say
                          (default: focus for FOCUS files, else usage)
        --page-size N     raw rows per staged Parquet page (default 10000)
        -q, --quiet       no progress on standard error
      PATH is a file or a folder (read recursively; files no format recognizes are skipped).
      The last line of standard output is
        {"rows":N,"staged":N,"quarantined":N,"totals":{"<currency>":{"BilledCost":"<decimal>","EffectiveCost":"<decimal>"}}}
      rows = raw rows read, staged = FOCUS records staged, quarantined = raw rows quarantined.
      Exit 0 when every input was read (quarantined rows included), 1 when one is unreadable or of no known format.
      """;

  private ImportMain() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Runs the command with the process's streams. Anything a library prints to standard output while
   * the import runs goes to standard error, so the JSON summary stays the last line of stdout.
   */
  public static int run(String[] args) {
    PrintStream stdout = System.out;
    System.setOut(System.err);
    try {
      return run(args, stdout, System.err, Importer.discovered());
    } finally {
      System.setOut(stdout);
    }
  }

  /** Runs the command with the given streams and formats; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err, List<ExportFormat> formats) {
    String provider = null;
    String source = null;
    String outDir = null;
    String account = null;
    Dataset dataset = null;
    int pageSize = ImportRequest.DEFAULT_PAGE_SIZE;
    boolean quiet = false;
    List<Path> paths = new ArrayList<>();
    Importer importer;
    ImportRequest request;
    try {
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "-h", "--help" -> {
            out.print(USAGE);
            out.println("formats in this build: " + new Importer(formats, null).known());
            return 0;
          }
          case "--provider" -> provider = value(args, ++i, a);
          case "--source" -> source = value(args, ++i, a);
          case "--out" -> outDir = value(args, ++i, a);
          case "--account" -> account = value(args, ++i, a);
          case "--dataset" -> dataset = Dataset.of(value(args, ++i, a));
          case "--page-size" -> pageSize = Integer.parseInt(value(args, ++i, a));
          case "-q", "--quiet" -> quiet = true;
          default -> {
            if (a.startsWith("--")) {
              throw new IllegalArgumentException("unknown option '" + a + "'");
            }
            paths.add(Path.of(a));
          }
        }
      }
      if (provider == null) {
        throw new IllegalArgumentException("--provider is required");
      }
      if (outDir == null) {
        throw new IllegalArgumentException("--out is required");
      }
      request = new ImportRequest(provider, source, Path.of(outDir), paths, new ExportFormat.ImportHints(account),
          dataset, pageSize);
      importer = new Importer(formats, quiet ? null : err);
    } catch (IllegalArgumentException e) {
      err.println("costfleet import: " + e.getMessage());
      err.print(USAGE);
      return 2;
    }
    try {
      ImportSummary summary = importer.run(request);
      out.println(summary.toJson());
      out.flush();
      return 0;
    } catch (ImportException e) {
      err.println("costfleet import: " + e.getMessage());
      return 1;
    }
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }
}
