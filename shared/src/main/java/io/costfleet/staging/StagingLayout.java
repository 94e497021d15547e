package io.costfleet.staging;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.Objects;

/**
 * The storage layout of DESIGN.md under one root directory. Spark, Trino, Athena and DuckDB read
 * it as-is (hive partitions).
 *
 * <pre>
 * staging/PARTITION/job=ID/page-000001.parquet
 * staging/PARTITION/job=ID/_SUCCESS.json        the job's completion manifest (runner.JobManifest)
 * raw/PARTITION/job=ID/page-000001.json.gz
 * quarantine/PARTITION/job=ID/page-000001.jsonl
 * chargeback/billing_period=YYYY-MM/business_unit=BU/part-*.parquet
 * reports/YYYY-MM/reconciliation.json, chargeback.html
 * </pre>
 */
public record StagingLayout(Path root) {
  /** File name of a job's completion manifest in its staging directory. */
  public static final String MANIFEST_NAME = "_SUCCESS.json";

  public StagingLayout {
    Objects.requireNonNull(root, "root");
    root = root.toAbsolutePath().normalize();
  }

  public Path stagingRoot() { return root.resolve("staging"); }

  public Path rawRoot() { return root.resolve("raw"); }

  public Path quarantineRoot() { return root.resolve("quarantine"); }

  public Path chargebackRoot() { return root.resolve("chargeback"); }

  public Path reportsRoot() { return root.resolve("reports"); }

  public Path jobStagingDir(PartitionKey partition, String jobId) {
    return stagingRoot().resolve(partition.path()).resolve("job=" + safe(jobId));
  }

  public Path stagingPage(PartitionKey partition, String jobId, int page) {
    return jobStagingDir(partition, jobId).resolve(pageName(page) + ".parquet");
  }

  /** The completion manifest of a job ({@code _SUCCESS.json}, skipped by Parquet readers: leading underscore). */
  public Path jobManifest(PartitionKey partition, String jobId) {
    return jobStagingDir(partition, jobId).resolve(MANIFEST_NAME);
  }

  public Path rawPage(PartitionKey partition, String jobId, int page, String format) {
    return rawRoot().resolve(partition.path()).resolve("job=" + safe(jobId)).resolve(pageName(page) + "." + format + ".gz");
  }

  public Path quarantinePage(PartitionKey partition, String jobId, int page) {
    return quarantineRoot().resolve(partition.path()).resolve("job=" + safe(jobId)).resolve(pageName(page) + ".jsonl");
  }

  public Path chargebackDir(YearMonth period, String businessUnit) {
    return chargebackRoot().resolve("billing_period=" + period).resolve("business_unit=" + safe(businessUnit));
  }

  public Path reportsDir(YearMonth period) {
    return reportsRoot().resolve(period.toString());
  }

  /** {@code page-000001}. */
  public static String pageName(int page) {
    return String.format("page-%06d", page);
  }

  /** Escapes characters that are unsafe in a path segment ({@code /}, {@code \}, {@code =}, control chars). */
  static String safe(String segment) {
    StringBuilder sb = new StringBuilder(segment.length());
    for (char c : segment.toCharArray()) {
      if (c == '/' || c == '\\' || c == '=' || c == '%' || c < 0x20 || c == ':') {
        sb.append('%').append(String.format("%02X", (int) c));
      } else {
        sb.append(c);
      }
    }
    String s = sb.toString();
    return s.equals(".") || s.equals("..") ? s.replace(".", "%2E") : s;
  }
}
