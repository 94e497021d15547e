package io.costfleet.worker.aws.cur;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code costfleet.aws.cur.*}: the CUR / Data Exports source (README, Sources → AWS CUR and Data Exports).
 *
 * @param enabled         register the source (default true)
 * @param endpoint        S3-compatible endpoint, path-style (the simulator); unset for AWS
 * @param region          the buckets' region
 * @param accessKeyId     static credentials; unset for the SDK's default chain
 * @param secretAccessKey the static credentials' secret
 * @param pageRows        rows per page
 * @param defaultCurrency currency of reports without a currency column; empty to quarantine their rows
 * @param maxResumes      download breaks in a row resumed at their byte offset
 * @param tempDir         where Parquet report files are downloaded; unset for {@code java.io.tmpdir}
 * @param reports         per payer account: {@code bucket}, {@code prefix}, {@code name}
 * @param watchEvery      how often to look for new deliveries of staged periods (0: never)
 * @param watchPeriods    how many periods back (the current one included) to look at
 */
@ConfigurationProperties("costfleet.aws.cur")
public record CurProperties(
    @DefaultValue("true") boolean enabled,
    URI endpoint,
    @DefaultValue("us-east-1") String region,
    String accessKeyId,
    String secretAccessKey,
    @DefaultValue("5000") int pageRows,
    @DefaultValue("USD") String defaultCurrency,
    @DefaultValue("5") int maxResumes,
    Path tempDir,
    Map<String, Report> reports,
    @DefaultValue("1h") Duration watchEvery,
    @DefaultValue("3") int watchPeriods) {

  /** Where one payer account's report is delivered. */
  public record Report(String bucket, @DefaultValue("") String prefix, @DefaultValue("") String name) {}

  public CurProperties {
    if ((accessKeyId == null) != (secretAccessKey == null)) {
      throw new IllegalArgumentException("costfleet.aws.cur.access-key-id and costfleet.aws.cur.secret-access-key "
          + "go together (set both, or neither for the default credentials chain)");
    }
    reports = reports == null ? Map.of() : reports;
    if (watchEvery == null || watchEvery.isNegative()) {
      throw new IllegalArgumentException("costfleet.aws.cur.watch-every must be a duration >= 0, was " + watchEvery);
    }
    if (watchPeriods < 1) {
      throw new IllegalArgumentException("costfleet.aws.cur.watch-periods must be >= 1, was " + watchPeriods);
    }
    reports.forEach((account, r) -> {
      if (r.bucket() == null || r.bucket().isBlank()) {
        throw new IllegalArgumentException("costfleet.aws.cur.reports." + account + ".bucket is required");
      }
    });
    settings(reports, pageRows, defaultCurrency, maxResumes, tempDir);
  }

  /** The source's settings (validated at start-up: a bad value fails naming its key). */
  public CurSettings settings() {
    return settings(reports, pageRows, defaultCurrency, maxResumes, tempDir);
  }

  private static CurSettings settings(Map<String, Report> reports, int pageRows, String defaultCurrency,
      int maxResumes, Path tempDir) {
    Map<String, CurReportLocation> locations = new LinkedHashMap<>();
    reports.forEach((account, r) -> locations.put(account, new CurReportLocation(r.bucket(), r.prefix(), r.name())));
    String currency = defaultCurrency == null || defaultCurrency.isBlank() ? null : defaultCurrency;
    return new CurSettings(locations, pageRows, currency, maxResumes, tempDir);
  }
}
