package io.costfleet.worker.aws.cur;

import io.costfleet.source.csv.CsvRow;

/**
 * One data row of a CUR report file (CSV, or a Parquet row rendered as text), with the version of
 * the delivery it belongs to ({@link CurVersion}), which the normalizer stamps as
 * {@code x_SourceVersion}.
 *
 * @param row           the row with the file's own header
 * @param sourceVersion the delivery's version, or null when unknown (a local file without manifest)
 */
public record CurRow(CsvRow row, String sourceVersion) {}
