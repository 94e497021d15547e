package io.costfleet.source;

import io.costfleet.validation.FocusVersion;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A provider export file format a user may already have on disk (CUR csv/csv.gz/parquet, Cost
 * Explorer JSON responses, GCP billing export CSV/JSON, Azure cost export CSV, FOCUS CSV/Parquet),
 * read by {@code costfleet import} through the same normalizer, validator, staging and quarantine
 * as the workers. Implementations are found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.costfleet.source.ExportFormat}).
 */
public interface ExportFormat {

  /** {@code aws}, {@code gcp}, {@code azure} or {@code focus}. */
  String provider();

  /** The source name ({@code cur}, {@code cost-explorer}, {@code bigquery-export}, {@code cost-export}, {@code focus}). */
  String source();

  /** Whether this format can read the file (by its name and first bytes). Must not consume much. */
  boolean recognizes(Path file) throws IOException;

  /** Opens the file for streaming; memory stays bounded whatever the file's size. */
  ExportFile<?> open(Path file) throws IOException;

  /**
   * Opens the file with what the user said about it on the command line, for formats whose files
   * do not carry everything (a Cost Explorer response does not name the account it was asked
   * for). The default ignores the hints.
   */
  default ExportFile<?> open(Path file, ImportHints hints) throws IOException {
    return open(file);
  }

  /**
   * Facts about export files that the files themselves may lack.
   *
   * @param accountId the billing account the files belong to, or null when unknown
   */
  record ImportHints(String accountId) {
    public static ImportHints none() {
      return new ImportHints(null);
    }
  }

  /**
   * An opened export file: its raw records in order, and their normalizer.
   *
   * @param <T> raw record type
   */
  interface ExportFile<T> extends Iterable<RawRecord<T>>, AutoCloseable {
    Normalizer<T> normalizer();

    /** The version of the data (a CUR assemblyId, the file's modification time), for restatement order. */
    String sourceVersion();

    /**
     * The FOCUS version whose requirements this file's records are checked against: a FOCUS export
     * of an older version (0.5) says so; everything else is normalized to 1.2.
     */
    default FocusVersion focusVersion() {
      return FocusVersion.V1_2;
    }

    @Override
    void close() throws IOException;
  }
}
