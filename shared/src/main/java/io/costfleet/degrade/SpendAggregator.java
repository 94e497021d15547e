package io.costfleet.degrade;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costfleet.close.allocation.AllocationKey;
import io.costfleet.close.allocation.Attribute;
import io.costfleet.close.allocation.TagKeys;
import io.costfleet.close.currency.RateTable;
import io.costfleet.job.Dataset;
import io.costfleet.job.Provider;
import io.costfleet.runner.JobManifest;
import io.costfleet.staging.AtomicFiles;
import io.costfleet.staging.ParquetRecordReader;
import io.costfleet.staging.PartitionKey;
import io.costfleet.staging.StagingLayout;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds the month-to-date {@link SpendSnapshot} of one provider account from its staged data: per
 * partition the latest complete generation of each slice (the jobs' completion manifests, as the
 * close reads them), of the first dataset of the preference list that has any; records deduplicated
 * by {@code x_SourceRecordHash} (highest {@code x_SourceVersion} wins); EffectiveCost summed per cost
 * center ({@link Attribution}) and charge day in the base currency; unit costs from the usage charges'
 * EffectiveCost / PricingQuantity per service and pricing unit. Charges dated after the day of the
 * aggregation (UTC) are left out: they have not been incurred (provider simulators generate the whole
 * month). The heavy part runs in embedded DuckDB; only the aggregates come back.
 */
public final class SpendAggregator {
  /** Unit costs carry 10 decimals (rounded half up); amounts stay exact. */
  public static final int UNIT_COST_SCALE = 10;
  private static final TypeReference<TreeMap<String, String>> TAGS = new TypeReference<>() {};

  /**
   * @param datasetPreference the first of these datasets with complete jobs is read (the close's preference)
   * @param currency          the currency of the snapshot (the close's base currency)
   * @param rates             converts other currencies, or null when every cost is in {@code currency}
   */
  public record Settings(List<String> datasetPreference, String currency, RateTable rates) {
    public Settings {
      datasetPreference = datasetPreference == null || datasetPreference.isEmpty()
          ? List.of("focus", "amortized", "usage") : List.copyOf(datasetPreference);
      currency = currency == null ? "USD" : currency;
    }
  }

  private record Cell(String costCenter, String businessUnit, LocalDate day) {}

  private record PriceKey(String costCenter, String service, String unit) {}

  private final StagingLayout layout;
  private final Attribution attribution;
  private final Settings settings;
  private final RateTable rates;
  private final ObjectMapper json = new ObjectMapper();
  private final Clock clock;

  public SpendAggregator(StagingLayout layout, Attribution attribution, Settings settings, Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.layout = Objects.requireNonNull(layout, "layout");
    this.attribution = Objects.requireNonNull(attribution, "attribution");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.rates = settings.rates() != null ? settings.rates() : RateTable.identity(settings.currency());
  }

  /** The complete jobs the snapshot of this account would be built from (empty: nothing complete is staged). */
  public List<JobManifest> inputs(Provider provider, String account, YearMonth period) throws IOException {
    for (String dataset : settings.datasetPreference()) {
      List<JobManifest> found = JobManifest.latestComplete(layout,
          new PartitionKey(provider, period, account, Dataset.of(dataset)));
      if (!found.isEmpty()) {
        return found;
      }
    }
    return List.of();
  }

  /**
   * The account's snapshot, or empty when none of its jobs of the period has completed.
   *
   * @throws IOException if the staged files cannot be read
   * @throws IllegalStateException if a cost is in a currency the rate table cannot convert
   */
  public Optional<SpendSnapshot> aggregate(Provider provider, String account, YearMonth period) throws IOException {
    List<JobManifest> jobs = inputs(provider, account, period);
    if (jobs.isEmpty()) {
      return Optional.empty();
    }
    List<Path> pages = new ArrayList<>();
    for (JobManifest m : jobs) {
      PartitionKey partition = new PartitionKey(provider, period, account, Dataset.of(m.dataset()));
      pages.addAll(pages(layout.jobStagingDir(partition, m.jobId())));
    }
    Instant asOf = jobs.stream().map(JobManifest::completedAt).filter(Objects::nonNull).min(Comparator.naturalOrder())
        .orElseThrow(() -> new IOException("the completion manifests of " + provider.code() + ":" + account + " "
            + period + " carry no completion time"));
    Map<Cell, BigDecimal> daily = new TreeMap<>(Comparator.comparing(Cell::costCenter)
        .thenComparing(Cell::businessUnit, Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(Cell::day));
    Map<PriceKey, Map<LocalDate, BigDecimal[]>> usage = new HashMap<>();
    LocalDate through = null;
    if (!pages.isEmpty()) {
      through = read(pages, provider, account, daily, usage);
    }
    List<SpendSnapshot.DailySpend> days = daily.entrySet().stream()
        .map(e -> new SpendSnapshot.DailySpend(e.getKey().costCenter(), e.getKey().businessUnit(), e.getKey().day(),
            exact(e.getValue())))
        .toList();
    return Optional.of(new SpendSnapshot(provider, account, period, asOf, through, rates.baseCurrency(),
        attribution.describe(), jobs.stream().map(JobManifest::jobId).sorted().toList(), days, unitCosts(usage)));
  }

  private LocalDate read(List<Path> pages, Provider provider, String account, Map<Cell, BigDecimal> daily,
      Map<PriceKey, Map<LocalDate, BigDecimal[]>> usage) throws IOException {
    List<Attribute> attrs = List.copyOf(attribution.attributes());
    String keyColumns = attrs.stream().map(a -> quote(a.column())).collect(Collectors.joining(", "));
    String files = pages.stream().map(p -> ParquetRecordReader.literal(p.toAbsolutePath().toString()))
        .collect(Collectors.joining(", "));
    String sql = "SELECT " + (keyColumns.isEmpty() ? "" : keyColumns + ", ")
        + "CAST(coalesce(ChargePeriodStart, BillingPeriodStart) AS DATE) AS day, ServiceName, PricingUnit, BillingCurrency, "
        + "sum(EffectiveCost), "
        + "sum(CASE WHEN ChargeCategory = 'Usage' AND PricingQuantity > 0 THEN PricingQuantity END), "
        + "sum(CASE WHEN ChargeCategory = 'Usage' AND PricingQuantity > 0 THEN EffectiveCost END) "
        + "FROM (SELECT *, row_number() OVER (PARTITION BY coalesce(x_SourceRecordHash, filename || ':' || file_row_number) "
        + "ORDER BY try_cast(x_SourceVersion AS HUGEINT) DESC NULLS LAST, x_SourceVersion DESC NULLS LAST, "
        + "filename DESC, file_row_number DESC) AS rn "
        + "FROM read_parquet([" + files + "], filename = true, file_row_number = true, union_by_name = true)) "
        + "WHERE rn = 1 GROUP BY ALL";
    Map<List<String>, Attribution.Target> targets = new HashMap<>();
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    LocalDate through = null;
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      s.execute("SET threads = 1");
      try (ResultSet rs = s.executeQuery(sql)) {
        int n = attrs.size();
        while (rs.next()) {
          List<String> values = new ArrayList<>(n);
          for (int i = 1; i <= n; i++) {
            values.add(rs.getString(i));
          }
          Attribution.Target target = targets.computeIfAbsent(values, v -> attribution.attribute(key(attrs, v),
              provider.code(), account));
          LocalDate day = rs.getObject(n + 1, LocalDate.class);
          if (day == null || day.isAfter(today)) {
            continue;
          }
          String service = rs.getString(n + 2);
          String unit = rs.getString(n + 3);
          String currency = rs.getString(n + 4);
          BigDecimal cost = convert(rs.getBigDecimal(n + 5), currency, day);
          BigDecimal quantity = rs.getBigDecimal(n + 6);
          BigDecimal usageCost = convert(rs.getBigDecimal(n + 7), currency, day);
          daily.merge(new Cell(target.costCenter(), target.businessUnit(), day), cost, BigDecimal::add);
          if (quantity != null && quantity.signum() > 0 && service != null) {
            BigDecimal[] acc = usage.computeIfAbsent(new PriceKey(target.costCenter(), service, unit),
                k -> new TreeMap<>()).computeIfAbsent(day, d -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
            acc[0] = acc[0].add(quantity);
            acc[1] = acc[1].add(usageCost);
          }
          through = through == null || day.isAfter(through) ? day : through;
        }
      }
    } catch (SQLException e) {
      throw new IOException("cannot aggregate the staged data of " + provider.code() + ":" + account + ": "
          + e.getMessage(), e);
    }
    return through;
  }

  private AllocationKey key(List<Attribute> attrs, List<String> values) {
    Map<Attribute, String> byAttribute = new EnumMap<>(Attribute.class);
    Map<String, String> tags = Map.of();
    for (int i = 0; i < attrs.size(); i++) {
      String v = values.get(i);
      if (attrs.get(i) == Attribute.TAGS) {
        tags = v == null ? Map.of() : tags(v);
      } else if (v != null) {
        byAttribute.put(attrs.get(i), v);
      }
    }
    return new AllocationKey(byAttribute, tags);
  }

  private Map<String, String> tags(String text) {
    try {
      return TagKeys.normalizeAll(json.readValue(text, TAGS));
    } catch (IOException e) {
      return Map.of();
    }
  }

  private BigDecimal convert(BigDecimal amount, String currency, LocalDate day) {
    if (amount == null) {
      return BigDecimal.ZERO;
    }
    try {
      return rates.convert(amount, currency == null ? rates.baseCurrency() : currency, day);
    } catch (RateTable.MissingRateException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static List<SpendSnapshot.UnitCost> unitCosts(Map<PriceKey, Map<LocalDate, BigDecimal[]>> usage) {
    List<SpendSnapshot.UnitCost> out = new ArrayList<>();
    usage.forEach((k, byDay) -> {
      LocalDate lastDay = null;
      BigDecimal last = null;
      LocalDate highDay = null;
      BigDecimal high = null;
      for (Map.Entry<LocalDate, BigDecimal[]> e : byDay.entrySet()) {
        BigDecimal unitCost = e.getValue()[1].divide(e.getValue()[0], UNIT_COST_SCALE, RoundingMode.HALF_UP);
        lastDay = e.getKey();
        last = unitCost;
        if (high == null || unitCost.compareTo(high) > 0) {
          high = unitCost;
          highDay = e.getKey();
        }
      }
      out.add(new SpendSnapshot.UnitCost(k.costCenter(), k.service(), k.unit(), exact(last), lastDay, exact(high),
          highDay));
    });
    out.sort(Comparator.comparing(SpendSnapshot.UnitCost::costCenter).thenComparing(SpendSnapshot.UnitCost::service)
        .thenComparing(SpendSnapshot.UnitCost::unit, Comparator.nullsFirst(Comparator.naturalOrder())));
    return out;
  }

  /** The value without trailing zeros (DuckDB sums carry 18 decimals), never in exponent form. */
  private static BigDecimal exact(BigDecimal v) {
    BigDecimal s = v.stripTrailingZeros();
    return s.scale() < 0 ? s.setScale(0) : s;
  }

  private static List<Path> pages(Path jobDir) throws IOException {
    if (!Files.isDirectory(jobDir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(jobDir)) {
      return s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .filter(p -> !AtomicFiles.isTemporary(p)).sorted().toList();
    }
  }

  private static String quote(String column) {
    return "\"" + column.replace("\"", "\"\"") + "\"";
  }
}
