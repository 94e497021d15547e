package io.costfleet.worker.aws.cur;

import io.costfleet.source.csv.CsvHeader;
import io.costfleet.source.csv.CsvRow;
import java.io.Closeable;
import java.io.IOException;

/**
 * Streams the data rows of one CUR report file, whatever its format, with memory bounded by one
 * row. Rows keep the file's own header; a Parquet row's values are rendered as text.
 */
interface CurReportReader extends Closeable {

  /** The file's header (empty for an empty file). */
  CsvHeader header();

  /** The next data row, or null at the end of the file. */
  CsvRow next() throws IOException;

  /**
   * Skips data rows until {@code rows} have been read in total (a resumed cursor).
   *
   * @return the number of rows actually read so far (less than asked if the file is shorter)
   */
  default long skipTo(long rows) throws IOException {
    while (rowsRead() < rows) {
      if (next() == null) {
        break;
      }
    }
    return rowsRead();
  }

  /** Data rows returned (or skipped) so far. */
  long rowsRead();
}
