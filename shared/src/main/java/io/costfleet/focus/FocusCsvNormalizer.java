package io.costfleet.focus;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costfleet.model.CostRecord;
import io.costfleet.model.DedupeKey;
import io.costfleet.model.FocusColumn;
import io.costfleet.source.FieldReader;
import io.costfleet.source.NormalizeContext;
import io.costfleet.source.NormalizeResult;
import io.costfleet.source.Normalizer;
import io.costfleet.source.RawRecord;
import io.costfleet.source.csv.CsvHeader;
import io.costfleet.source.csv.CsvRow;
import io.costfleet.validation.FocusVersion;
import io.costfleet.validation.RecordValidator;
import io.costfleet.validation.Violation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Normalizes rows of a FOCUS CSV export (any provider, FOCUS 0.5 to 1.2) into canonical records,
 * and checks them against the requirements of the file's FOCUS version. A row is rejected with
 * every reason: required columns the file lacks, ragged fields, unparseable values, and the
 * record contract's violations.
 *
 * <p>Deduplication key: FOCUS has no line-item id, so the attribute key of {@link DedupeKey} over
 * ResourceId, the charge period, SkuPriceId (else SkuId), ChargeCategory and PricingCategory, plus
 * ChargeDescription, CommitmentDiscountId and the row's BilledCost as discriminators (two rows
 * differing only in those are distinct charges).
 */
public final class FocusCsvNormalizer implements Normalizer<CsvRow> {
  private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {};

  private final FocusVersion version;
  private final RecordValidator validator;
  private final List<Violation> missingColumns;
  private final Map<Integer, FocusColumn> columnsByIndex = new LinkedHashMap<>();
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param header    the file's header as read
   * @param version   the version to check against, or null to detect it from the header
   * @param validator the shared record validator
   */
  public FocusCsvNormalizer(CsvHeader header, FocusVersion version, RecordValidator validator) {
    this.version = version == null ? FocusColumns.detect(header.names()) : version;
    this.validator = validator;
    for (int i = 0; i < header.size(); i++) {
      FocusColumn c = FocusColumn.byName(FocusColumns.canonical(header.names().get(i)));
      if (c != null && !columnsByIndex.containsValue(c)) {
        columnsByIndex.put(i, c);
      }
    }
    List<Violation> missing = new ArrayList<>();
    for (FocusColumn required : FocusColumns.required(this.version)) {
      if (!columnsByIndex.containsValue(required)) {
        missing.add(Violation.of(required.focusName(), "ColumnMissing",
            "column is required by FOCUS " + this.version.label() + " but the file does not have it"));
      }
    }
    this.missingColumns = List.copyOf(missing);
  }

  public FocusVersion version() {
    return version;
  }

  /** Violations every row of this file has because of missing columns. */
  public List<Violation> missingColumns() {
    return missingColumns;
  }

  @Override
  public NormalizeResult normalize(RawRecord<CsvRow> raw, NormalizeContext context) {
    CsvRow row = raw.value();
    FieldReader fields = new FieldReader();
    List<Violation> violations = new ArrayList<>(missingColumns);
    if (row.ragged()) {
      violations.add(new Violation("record", "Ragged", "row has " + row.values().length + " fields, header has "
          + row.header().size(), null));
    }
    CostRecord.Builder b = CostRecord.builder();
    for (Map.Entry<Integer, FocusColumn> e : columnsByIndex.entrySet()) {
      FocusColumn c = e.getValue();
      String text = row.get(e.getKey());
      Object value = switch (c.type()) {
        case STRING -> FieldReader.text(text);
        case DECIMAL -> fields.decimal(c.focusName(), text);
        case TIMESTAMP -> fields.instant(c.focusName(), text);
        case BOOLEAN -> FieldReader.text(text) == null ? null : Boolean.valueOf(text.strip());
        case TAGS -> tags(fields, text);
      };
      if (value != null) {
        c.set(b, value);
      }
    }
    violations.addAll(fields.violations());
    CostRecord record = b.build();
    violations.addAll(validator.validate(record, version));
    if (!violations.isEmpty()) {
      return new NormalizeResult.Rejected(dedupe(violations));
    }
    String provider = record.xProvider() != null ? record.xProvider() : providerCode(record.providerName());
    CostRecord.Builder out = record.toBuilder()
        .xProvider(provider)
        .xSource("focus")
        .xSourcePosition(raw.position())
        .xSourceVersion(context == null ? null : context.sourceVersion());
    if (context != null && context.job() != null) {
      out.xIngestionJobId(context.job().jobId()).xDataset(context.job().dataset().code());
    }
    if (record.listCost() == null) {
      // FOCUS 0.5 had no ListCost/ContractedCost: the billed amount is the only price known.
      out.listCost(record.billedCost()).contractedCost(record.billedCost());
    }
    CostRecord done = out.build();
    return NormalizeResult.accept(done.toBuilder().xSourceRecordHash(key(done).hash()).build());
  }

  static DedupeKey key(CostRecord r) {
    return DedupeKey.ofAttributes(r.xProvider(), r.billingAccountId(), r.subAccountId(), r.resourceId(),
        r.chargePeriodStart(), r.chargePeriodEnd(), r.skuPriceId() != null ? r.skuPriceId() : r.skuId(),
        r.chargeCategory(), r.pricingCategory(), String.valueOf(r.chargeDescription()),
        String.valueOf(r.commitmentDiscountId()), r.billedCost().toPlainString());
  }

  /**
   * The provider code of a ProviderName: {@code aws}, {@code gcp}, {@code azure}, {@code oci}, else
   * a slug of the name ({@code "Datadog, Inc."} → {@code datadog-inc}) of at most 63 characters; a
   * name with no letter or digit a slug keeps gets {@code p-<hash>}. The code names the record's
   * staging partition ({@code provider=<code>}).
   */
  static String providerCode(String providerName) {
    if (providerName == null) {
      return "other";
    }
    String p = providerName.toLowerCase(Locale.ROOT);
    if (p.contains("amazon") || p.equals("aws")) {
      return "aws";
    }
    if (p.contains("google") || p.equals("gcp")) {
      return "gcp";
    }
    if (p.contains("microsoft") || p.contains("azure")) {
      return "azure";
    }
    if (p.contains("oracle") || p.equals("oci")) {
      return "oci";
    }
    String slug = p.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (slug.isEmpty() || slug.length() > 63) {
      String hash = shortHash(providerName);
      slug = slug.isEmpty() ? "p-" + hash : slug.substring(0, 54).replaceAll("-+$", "") + "-" + hash;
    }
    return slug;
  }

  private static String shortHash(String s) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Map<String, String> tags(FieldReader fields, String text) {
    String t = FieldReader.text(text);
    if (t == null) {
      return null;
    }
    String body = t.startsWith("{") ? t : "{" + t + "}";
    try {
      Map<String, Object> parsed = json.readValue(body, OBJECT);
      Map<String, String> out = new TreeMap<>();
      parsed.forEach((k, v) -> out.put(k, v == null ? null : String.valueOf(v)));
      return out;
    } catch (IOException e) {
      fields.violation("Tags", "KeyValueFormat", "is not a JSON object of tags", text);
      return null;
    }
  }

  private static List<Violation> dedupe(List<Violation> violations) {
    return violations.stream().distinct().toList();
  }

  @Override
  public String rawText(CsvRow raw) {
    return raw.toCsvLine();
  }
}
