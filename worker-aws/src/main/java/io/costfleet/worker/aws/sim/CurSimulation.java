package io.costfleet.worker.aws.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.costfleet.sim.GroundTruth;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * CUR deliveries published into the S3 simulator, as AWS lays them out, with their ground truth:
 * per payer account and period, the totals of the <em>latest</em> delivery (a later delivery is a
 * restatement: it replaces the period's data, it does not add to it).
 *
 * <pre>
 * legacy        PREFIX/NAME/yyyyMMdd-yyyyMMdd/ASSEMBLY/NAME-1.csv.gz, ASSEMBLY/NAME-Manifest.json, NAME-Manifest.json
 * Data Exports  PREFIX/NAME/data/BILLING_PERIOD=yyyy-MM/TIMESTAMP-EXECUTION/NAME-00001.csv.gz,
 *               PREFIX/NAME/metadata/BILLING_PERIOD=yyyy-MM/NAME-Manifest.json
 * </pre>
 */
public final class CurSimulation {
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
  private static final DateTimeFormatter COMPACT =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** Where a report is delivered. */
  public record Report(String bucket, String prefix, String name, boolean dataExports) {
    String base() {
      return (prefix.isEmpty() ? "" : prefix + "/") + (name.isEmpty() ? "" : name + "/");
    }
  }

  /** One published delivery: its id, data keys and truth. */
  public record Delivery(String assemblyId, Instant deliveredAt, List<String> keys,
      List<CurReportGenerator.Result> files, BigDecimal billed, BigDecimal effective, long records, long malformed) {}

  private final S3Objects objects;
  private final Path workDir;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, GroundTruth.Entry> truth = new ConcurrentSkipListMap<>();

  public CurSimulation(S3Objects objects, Path workDir) {
    this.objects = objects;
    this.workDir = workDir;
  }

  public S3Objects objects() {
    return objects;
  }

  /** The ground truth: one entry per payer account and period, of its latest delivery. */
  public GroundTruth truth() {
    return new GroundTruth(List.copyOf(truth.values()));
  }

  /**
   * Generates {@code files} report files from the spec (seeds {@code seed}, {@code seed+1}, ...)
   * and publishes them as a new delivery of the period, delivered at {@code at}.
   */
  public Delivery deliver(Report report, CurReportGenerator.Spec spec, int files, Instant at) throws IOException {
    String assemblyId = UUID.nameUUIDFromBytes((report + "|" + spec + "|" + at).getBytes()).toString();
    List<CurReportGenerator.Result> results = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    String folder = report.dataExports()
        ? report.base() + "data/BILLING_PERIOD=" + spec.period() + "/" + COMPACT.format(at) + "-" + assemblyId + "/"
        : report.base() + range(spec.period()) + "/" + assemblyId + "/";
    for (int i = 1; i <= files; i++) {
      CurReportGenerator.Spec part = new CurReportGenerator.Spec(spec.seed() + i - 1, spec.period(),
          spec.payerAccount(), spec.usageAccounts(), spec.rows(), spec.malformedEvery(), spec.gzipLevel());
      Path file = workDir.resolve(assemblyId).resolve(report.name() + "-" + i + ".csv.gz");
      CurReportGenerator.Result r = CurReportGenerator.write(part, file);
      String key = folder + (report.dataExports() ? String.format("%s-%05d.csv.gz", name(report), i)
          : name(report) + "-" + i + ".csv.gz");
      objects.putFile(report.bucket(), key, file, at);
      results.add(r);
      keys.add(key);
    }
    byte[] manifest = manifest(report, spec, assemblyId, keys);
    if (report.dataExports()) {
      objects.put(report.bucket(), report.base() + "metadata/BILLING_PERIOD=" + spec.period() + "/" + name(report)
          + "-Manifest.json", manifest, at);
    } else {
      objects.put(report.bucket(), folder + name(report) + "-Manifest.json", manifest, at);
      objects.put(report.bucket(), report.base() + range(spec.period()) + "/" + name(report) + "-Manifest.json",
          manifest, at);
    }
    BigDecimal billed = BigDecimal.ZERO;
    BigDecimal effective = BigDecimal.ZERO;
    long records = 0;
    long malformed = 0;
    for (CurReportGenerator.Result r : results) {
      billed = billed.add(r.billed());
      effective = effective.add(r.effective());
      records += r.rows() - r.malformed();
      malformed += r.malformed();
    }
    truth.put(spec.payerAccount() + "|" + spec.period(), new GroundTruth.Entry("aws", spec.payerAccount(),
        spec.period().toString(), "usage", "USD", billed, effective, records, malformed));
    return new Delivery(assemblyId, at, keys, results, billed, effective, records, malformed);
  }

  private static String name(Report report) {
    return report.name().isEmpty() ? "report" : report.name();
  }

  private static String range(YearMonth period) {
    return period.atDay(1).format(DAY) + "-" + period.plusMonths(1).atDay(1).format(DAY);
  }

  private byte[] manifest(Report report, CurReportGenerator.Spec spec, String assemblyId, List<String> keys)
      throws IOException {
    ObjectNode m = json.createObjectNode();
    ObjectNode period = m.putObject("billingPeriod");
    period.put("start", COMPACT.format(spec.period().atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC)));
    period.put("end", COMPACT.format(spec.period().plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC)));
    ArrayNode columns = m.putArray("columns");
    for (String c : CurReportGenerator.HEADER.subList(0, 40)) {
      ObjectNode col = columns.addObject();
      if (report.dataExports()) {
        col.put("name", c.replace('/', '_')).put("type", "string");
      } else {
        String[] parts = c.split("/", 2);
        col.put("category", parts[0]).put("name", parts[1]);
      }
    }
    m.put("account", spec.payerAccount());
    m.put("bucket", report.bucket());
    m.put("charset", "UTF-8");
    m.put("compression", "GZIP");
    m.put("contentType", "text/csv");
    if (report.dataExports()) {
      m.put("executionId", assemblyId);
      m.put("exportName", name(report));
      ArrayNode files = m.putArray("dataFiles");
      keys.forEach(k -> files.add("s3://" + report.bucket() + "/" + k));
    } else {
      m.put("assemblyId", assemblyId);
      m.put("reportName", name(report));
      ArrayNode reportKeys = m.putArray("reportKeys");
      keys.forEach(reportKeys::add);
    }
    return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(m);
  }


}
