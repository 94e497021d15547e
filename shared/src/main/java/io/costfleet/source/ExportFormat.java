package io.costfleet.source;

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
   * An opened export file: its raw records in order, and their normalizer.
   *
   * @param <T> raw record type
   */
  interface ExportFile<T> extends Iterable<RawRecord<T>>, AutoCloseable {
    Normalizer<T> normalizer();

    /** The version of the data (a CUR assemblyId, the file's modification time), for restatement order. */
    String sourceVersion();

    @Override
    void close() throws IOException;
  }
}
