package io.costfleet.worker.aws.ce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costfleet.job.Dataset;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Priority;
import io.costfleet.job.Provider;
import io.costfleet.job.WireCodec;
import io.costfleet.source.ExportFormat;
import io.costfleet.source.NormalizeContext;
import io.costfleet.source.NormalizeResult;
import io.costfleet.source.Normalizer;
import io.costfleet.source.RawRecord;
import io.costfleet.validation.Violation;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Saved Cost Explorer {@code GetCostAndUsage} responses for {@code costfleet import --provider aws}:
 * the JSON the CLI or an SDK printed ({@code aws ce get-cost-and-usage ... > costs.json}), or a bare
 * {@code ResultsByTime} array; {@code .json} or {@code .json.gz}. A response does not say which
 * account it was asked for: the billing account is {@code --account} (else {@code unknown}), the
 * billing period each result's month. Without {@code GroupDefinitions} (a bare array) the group
 * keys are read as {@code TAG:<key>} when they look like {@code key$value}, else the first as
 * {@code DIMENSION:SERVICE} (the usual query) and the others as {@code DIMENSION:UNKNOWN}.
 *
 * <p>The file is parsed whole: Cost Explorer answers at most a few thousand groups per page.
 */
public final class CeExportFormat implements ExportFormat {
  /** BillingAccountId of responses when the user does not name the account. */
  public static final String UNKNOWN_ACCOUNT = "unknown";
  private static final int SNIFF = 4096;

  private final ObjectMapper json = WireCodec.newMapper();

  @Override
  public String provider() {
    return Provider.AWS.code();
  }

  @Override
  public String source() {
    return CeNormalizer.SOURCE;
  }

  @Override
  public boolean recognizes(Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!Files.isRegularFile(file) || !(name.endsWith(".json") || name.endsWith(".json.gz"))) {
      return false;
    }
    try (InputStream in = stream(file)) {
      String head = new String(in.readNBytes(SNIFF), StandardCharsets.UTF_8);
      return head.contains("\"ResultsByTime\"") || (head.stripLeading().startsWith("[")
          && head.contains("\"TimePeriod\""));
    }
  }

  @Override
  public ExportFile<CeGroup> open(Path file) throws IOException {
    return open(file, ImportHints.none());
  }

  @Override
  public ExportFile<CeGroup> open(Path file, ImportHints hints) throws IOException {
    CeResponseReader reader = new CeResponseReader(json);
    JsonNode response;
    try (InputStream in = stream(file)) {
      response = reader.parse(in.readAllBytes());
    }
    List<RawRecord<CeGroup>> groups = reader.groups(response, 1, inferredDefinitions(response));
    String account = hints.accountId() == null ? UNKNOWN_ACCOUNT : hints.accountId();
    String version = Files.getLastModifiedTime(file).toInstant().toString();
    String name = file.getFileName().toString();
    List<RawRecord<CeGroup>> positioned = new ArrayList<>(groups.size());
    groups.forEach(g -> positioned.add(new RawRecord<>(name + ": " + g.position(), g.value())));
    Normalizer<CeGroup> normalizer = new ImportNormalizer(new CeNormalizer(json), account);
    return new ExportFile<>() {
      @Override
      public Normalizer<CeGroup> normalizer() {
        return normalizer;
      }

      @Override
      public String sourceVersion() {
        return version;
      }

      @Override
      public Iterator<RawRecord<CeGroup>> iterator() {
        return positioned.iterator();
      }

      @Override
      public void close() {
        // parsed whole at open: nothing held
      }
    };
  }

  /** Group definitions of a response saved without them, from its first group's keys. */
  static List<CeGroup.Definition> inferredDefinitions(JsonNode response) {
    JsonNode results = response.isArray() ? response : response.path("ResultsByTime");
    for (JsonNode result : results) {
      JsonNode groups = result.path("Groups");
      if (groups.isArray() && !groups.isEmpty()) {
        List<CeGroup.Definition> out = new ArrayList<>();
        boolean dimensionSeen = false;
        for (JsonNode k : groups.get(0).path("Keys")) {
          String key = k.asText();
          int dollar = key.indexOf('$');
          if (dollar > 0) {
            out.add(new CeGroup.Definition("TAG", key.substring(0, dollar)));
          } else {
            out.add(new CeGroup.Definition("DIMENSION", dimensionSeen ? "UNKNOWN" : "SERVICE"));
            dimensionSeen = true;
          }
        }
        return out;
      }
    }
    return List.of();
  }

  private static InputStream stream(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz") ? new GZIPInputStream(in) : in;
  }

  /**
   * {@link CeNormalizer} for a group outside any job: the job it needs is the whole-month job of the
   * group's month and the given account, as a worker would have run it.
   */
  private record ImportNormalizer(CeNormalizer delegate, String account) implements Normalizer<CeGroup> {
    @Override
    public NormalizeResult normalize(RawRecord<CeGroup> raw, NormalizeContext context) {
      if (context != null && context.job() != null) {
        return delegate.normalize(raw, context);
      }
      YearMonth period;
      try {
        period = YearMonth.from(LocalDate.parse(String.valueOf(raw.value().start())));
      } catch (DateTimeParseException e) {
        return NormalizeResult.reject(List.of(new Violation("ChargePeriodStart", "Required",
            "result has no TimePeriod.Start date", raw.value().start())));
      }
      ExtractionJob job = ExtractionJob.of(Provider.AWS, CeNormalizer.SOURCE, account, period, Dataset.USAGE,
          Priority.BACKFILL, Instant.EPOCH);
      return delegate.normalize(raw, new NormalizeContext(job, context == null ? null : context.sourceVersion()));
    }

    @Override
    public String rawText(CeGroup raw) {
      return delegate.rawText(raw);
    }
  }
}
