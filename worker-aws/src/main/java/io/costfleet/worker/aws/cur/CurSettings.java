package io.costfleet.worker.aws.cur;

import io.costfleet.source.PermanentException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Configuration of the CUR source (README "Sources → AWS CUR and Data Exports" lists the keys).
 *
 * @param reports         where each payer account's report is delivered, by account id (the job's {@code accountId})
 * @param pageRows        rows per page (one staging file each); memory is bounded by one page
 * @param defaultCurrency billing currency of reports without a currency column; null to quarantine their rows
 * @param maxResumes      breaks in a row a download may resume from its byte offset before the job is retried
 * @param tempDir         where Parquet report files are downloaded to be read (deleted after)
 */
public record CurSettings(Map<String, CurReportLocation> reports, int pageRows, String defaultCurrency,
    int maxResumes, Path tempDir) {

  public CurSettings {
    reports = Map.copyOf(reports);
    if (pageRows < 1) {
      throw new IllegalArgumentException("costfleet.cur.page-rows must be >= 1, was " + pageRows);
    }
    if (maxResumes < 0) {
      throw new IllegalArgumentException("costfleet.cur.max-resumes must be >= 0, was " + maxResumes);
    }
    tempDir = tempDir == null ? Path.of(System.getProperty("java.io.tmpdir")) : tempDir;
  }

  /** Defaults: 5,000 rows per page, USD for reports without a currency column, 5 resumes per break. */
  public static CurSettings of(Map<String, CurReportLocation> reports) {
    return new CurSettings(reports, 5_000, "USD", 5, null);
  }

  public CurSettings withPageRows(int rows) {
    return new CurSettings(reports, rows, defaultCurrency, maxResumes, tempDir);
  }

  /** The report location of a payer account. */
  public CurReportLocation location(String account) {
    CurReportLocation l = reports.get(account);
    if (l == null) {
      throw new PermanentException("no CUR report is configured for account " + account
          + " (costfleet.cur.reports." + account + ".bucket/prefix/name)");
    }
    return l;
  }
}
