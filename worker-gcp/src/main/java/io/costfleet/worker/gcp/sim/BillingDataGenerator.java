package io.costfleet.worker.gcp.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates the simulator's billing export tables from a seed: the same seed and months always
 * give the same rows. Three billing accounts:
 *
 * <ul>
 *   <li>{@link #STANDARD_ACCOUNT}: standard export, USD, sustained-use and free-trial credits;
 *   <li>{@link #DETAILED_ACCOUNT}: detailed (resource-level) export, EUR with a conversion rate,
 *       committed-use-discount credits, {@code price} and {@code cost_at_list}, and one column the
 *       normalizer does not know ({@link #DRIFT_COLUMN}, schema drift);
 *   <li>{@link #BROKEN_ACCOUNT}: a standard export table without the {@link #DROPPED_COLUMN} column.
 * </ul>
 *
 * Each invoice month (Pacific time, as Google invoices) has usage in 12-hour blocks per project and
 * SKU, one tax row per project and one rounding-error row exported after the month ends, one
 * adjustment correcting the previous month, and late rows: about a third of the last two days'
 * usage, plus one appended usage row per project, is exported two to four days after month end.
 */
public final class BillingDataGenerator {
  public static final String BILLING_PROJECT = "billing-admin";
  public static final String DATASET = "billing_export";
  public static final String STANDARD_ACCOUNT = "01A2B3-C4D5E6-F7A8B9";
  public static final String DETAILED_ACCOUNT = "01B2C3-D4E5F6-A7B8C9";
  public static final String BROKEN_ACCOUNT = "01DEAD-00BAD0-0C0FFE";
  public static final String DROPPED_COLUMN = "cost_type";
  public static final String DRIFT_COLUMN = "sustainability_score";
  static final ZoneId PACIFIC = ZoneId.of("America/Los_Angeles");
  private static final int BLOCK_HOURS = 12;
  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private record Sku(String serviceId, String service, String id, String description, String unit,
      String pricingUnit, BigDecimal unitsPerPricingUnit, BigDecimal price, int maxPricingQty) {}

  private static final List<Sku> SKUS = List.of(
      new Sku("6F81-5844-456A", "Compute Engine", "2E27-4F75-95CD", "N1 Predefined Instance Core running in Americas",
          "seconds", "hour", new BigDecimal("3600"), new BigDecimal("0.031611"), 48),
      new Sku("95FF-2EF5-5EA1", "Cloud Storage", "E5F0-6A5D-7BAD", "Standard Storage US Multi-region",
          "byte-seconds", "gibibyte month", new BigDecimal("2879613009920"), new BigDecimal("0.026"), 900),
      new Sku("24E6-581D-38E5", "BigQuery", "1DF5-1F98-1DD1", "Analysis", "bytes", "tebibyte",
          new BigDecimal("1099511627776"), new BigDecimal("6.25"), 3),
      new Sku("E505-1604-58F8", "Networking", "9DE9-9092-B3BC", "Network Internet Egress from Americas to Americas",
          "bytes", "gibibyte", new BigDecimal("1073741824"), new BigDecimal("0.12"), 60));

  private record Account(String id, String currency, BigDecimal rate, boolean detailed, boolean broken,
      List<String> projects, List<String> regions) {}

  private static final List<Account> ACCOUNTS = List.of(
      new Account(STANDARD_ACCOUNT, "USD", BigDecimal.ONE, false, false,
          List.of("shop-prod", "shop-dev", "data-lake"), List.of("us-central1", "us-east1", "us")),
      new Account(DETAILED_ACCOUNT, "EUR", new BigDecimal("0.92"), true, false,
          List.of("ml-train", "ml-serve", "analytics"), List.of("europe-west4", "europe-west1", "eu")),
      new Account(BROKEN_ACCOUNT, "USD", BigDecimal.ONE, false, true, List.of("legacy-app"), List.of("us-west1")));

  private final long seed;
  private final List<YearMonth> months;

  public BillingDataGenerator(long seed, List<YearMonth> months) {
    this.seed = seed;
    this.months = List.copyOf(months);
  }

  /** The table id of an account's export ({@code gcp_billing_export[_resource]_v1_<ACCOUNT>}). */
  public static String tableId(String account) {
    String kind = account.equals(DETAILED_ACCOUNT) ? "gcp_billing_export_resource_v1_" : "gcp_billing_export_v1_";
    return BILLING_PROJECT + "." + DATASET + "." + kind + account.replace('-', '_');
  }

  public List<SimTable> generate() {
    List<SimTable> tables = new ArrayList<>();
    for (Account a : ACCOUNTS) {
      List<ObjectNode> values = new ArrayList<>();
      for (YearMonth m : months) {
        month(a, m, values);
      }
      List<SimTable.Row> rows = new ArrayList<>(values.size());
      for (ObjectNode v : values) {
        Instant exported = Instant.parse(v.get("export_time").asText());
        rows.add(new SimTable.Row(rows.size(), v, exported, LocalDate.ofInstant(exported, ZoneOffset.UTC)));
        if (a.broken()) {
          v.remove(DROPPED_COLUMN);
        }
      }
      ArrayNode schema = a.detailed() ? ExportSchema.detailed() : ExportSchema.standard();
      if (a.detailed()) {
        schema.add(ExportSchema.field(DRIFT_COLUMN, "FLOAT"));
      }
      if (a.broken()) {
        schema = ExportSchema.without(schema, DROPPED_COLUMN);
      }
      String[] id = tableId(a.id()).split("\\.");
      tables.add(new SimTable(id[0], id[1], id[2], a.id(), a.currency(), schema, rows));
    }
    return tables;
  }

  private void month(Account a, YearMonth m, List<ObjectNode> out) {
    Instant start = m.atDay(1).atStartOfDay(PACIFIC).toInstant();
    Instant end = m.plusMonths(1).atDay(1).atStartOfDay(PACIFIC).toInstant();
    Instant afterEnd = end.plus(Duration.ofDays(2));
    Random random = new Random(seed * 31 + a.id().hashCode() * 17L + m.hashCode());
    List<String> projects = a.projects();
    BigDecimal[] projectCost = new BigDecimal[projects.size()];
    java.util.Arrays.fill(projectCost, BigDecimal.ZERO);
    Instant first = m.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().minus(Duration.ofHours(12));
    Instant stop = m.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(12));
    int blockLimit = a.broken() ? 4 * 24 / BLOCK_HOURS : Integer.MAX_VALUE;
    int blocks = 0;
    for (Instant b = first; b.isBefore(stop) && blocks < blockLimit; b = b.plus(Duration.ofHours(BLOCK_HOURS))) {
      if (b.isBefore(start) || !b.isBefore(end)) {
        continue;
      }
      blocks++;
      Instant blockEnd = b.plus(Duration.ofHours(BLOCK_HOURS));
      for (int p = 0; p < projects.size(); p++) {
        for (int s = 0; s < SKUS.size(); s++) {
          if (random.nextInt(10) == 0) {
            continue;
          }
          Sku sku = SKUS.get(s);
          BigDecimal qty = BigDecimal.valueOf(1 + random.nextInt(sku.maxPricingQty() * 100), 2);
          Instant exported = blockEnd.plus(Duration.ofMinutes(90 + random.nextInt(180)));
          if (blockEnd.isAfter(end.minus(Duration.ofDays(2))) && random.nextInt(3) == 0) {
            exported = afterEnd.plus(Duration.ofHours(random.nextInt(48)));
          }
          ObjectNode row = usage(a, m, p, sku, b, blockEnd, exported, qty, random);
          projectCost[p] = projectCost[p].add(new BigDecimal(row.get("cost").asText()));
          out.add(row);
        }
      }
    }
    if (a.broken()) {
      return;
    }
    Instant lastBlock = end.minus(Duration.ofHours(BLOCK_HOURS));
    for (int p = 0; p < projects.size(); p++) {
      ObjectNode late = usage(a, m, p, SKUS.get(0), lastBlock, end, afterEnd.plus(Duration.ofHours(30 + p)),
          new BigDecimal("0.75"), random);
      projectCost[p] = projectCost[p].add(new BigDecimal(late.get("cost").asText()));
      out.add(late);
    }
    for (int p = 0; p < projects.size(); p++) {
      ObjectNode tax = base(a, m, p, "D7C0-8A1F-3B33", "Invoice", "TAX-" + a.currency(), "Sales tax", start, end,
          end.plus(Duration.ofHours(30)), money(projectCost[p].multiply(new BigDecimal("0.08"))), "tax");
      out.add(tax);
    }
    ObjectNode adjustment = base(a, m, 0, SKUS.get(0).serviceId(), SKUS.get(0).service(), SKUS.get(0).id(),
        SKUS.get(0).description(), start.minus(Duration.ofDays(16)), start.minus(Duration.ofDays(15)),
        start.plus(Duration.ofDays(19)), new BigDecimal("-3.210000"), "adjustment");
    adjustment.putObject("adjustment_info").put("id", "adj-" + a.id() + "-" + m).put("description", "Billing correction")
        .put("mode", "MANUAL_ADJUSTMENTS").put("type", "GENERAL_ADJUSTMENT");
    out.add(adjustment);
    out.add(base(a, m, 0, "D7C0-8A1F-3B33", "Invoice", "ROUNDING", "Rounding error", start, end,
        end.plus(Duration.ofHours(31)), new BigDecimal("0.000004"), "rounding_error"));
  }

  private ObjectNode usage(Account a, YearMonth m, int p, Sku sku, Instant from, Instant to, Instant exported,
      BigDecimal pricingQty, Random random) {
    BigDecimal cost = money(pricingQty.multiply(sku.price()).multiply(a.rate()));
    ObjectNode row = base(a, m, p, sku.serviceId(), sku.service(), sku.id(), sku.description(), from, to, exported,
        cost, "regular");
    row.putObject("usage").put("amount", pricingQty.multiply(sku.unitsPerPricingUnit()))
        .put("unit", sku.unit()).put("amount_in_pricing_units", pricingQty).put("pricing_unit", sku.pricingUnit());
    ArrayNode labels = row.putArray("labels");
    if (random.nextInt(4) != 0) {
      labels.addObject().put("key", "team").put("value", p % 2 == 0 ? "platform" : "checkout");
    }
    ArrayNode credits = row.putArray("credits");
    if (sku.service().equals("Compute Engine")) {
      row.putArray("system_labels").addObject().put("key", "compute.googleapis.com/machine_spec")
          .put("value", "n1-standard-4");
      if (a.detailed()) {
        credits.addObject().put("name", "Committed use discount: N1 cores").put("amount", money(cost.multiply(new BigDecimal("-0.37"))))
            .put("full_name", "Commitment v1: N1 Core in " + a.regions().get(p) + " for 1 year")
            .put("id", "projects/" + a.projects().get(p) + "/regions/" + a.regions().get(p) + "/commitments/cud-1")
            .put("type", "COMMITTED_USAGE_DISCOUNT");
      } else {
        credits.addObject().put("name", "Sustained Usage Discount").put("amount", money(cost.multiply(new BigDecimal("-0.2"))))
            .putNull("full_name").put("id", "").put("type", "SUSTAINED_USAGE_DISCOUNT");
      }
    }
    if (sku.service().equals("Cloud Storage") && p == 2) {
      credits.addObject().put("name", "FreeTrial:Credit-" + a.id()).put("amount", cost.negate())
          .putNull("full_name").put("id", "FreeTrial:Credit-" + a.id()).put("type", "PROMOTION");
    }
    if (a.detailed()) {
      row.putObject("resource").put("name", a.projects().get(p) + "-" + sku.id().toLowerCase())
          .put("global_name", "//" + sku.service().toLowerCase().replace(' ', '-') + ".googleapis.com/projects/"
              + a.projects().get(p) + "/resources/" + sku.id());
      row.putObject("price").put("effective_price", sku.price().multiply(a.rate())).put("tier_start_amount", 0)
          .put("unit", sku.pricingUnit()).put("pricing_unit_quantity", 1);
      row.put("cost_at_list", money(cost.multiply(new BigDecimal("1.1"))));
      row.put(DRIFT_COLUMN, new BigDecimal("0.42"));
    }
    return row;
  }

  private static ObjectNode base(Account a, YearMonth m, int p, String serviceId, String service, String skuId,
      String skuDescription, Instant from, Instant to, Instant exported, BigDecimal cost, String costType) {
    ObjectNode row = NODES.objectNode();
    row.put("billing_account_id", a.id());
    row.putObject("service").put("id", serviceId).put("description", service);
    row.putObject("sku").put("id", skuId).put("description", skuDescription);
    row.put("usage_start_time", from.toString());
    row.put("usage_end_time", to.toString());
    String project = a.projects().get(p);
    ObjectNode proj = row.putObject("project").put("id", project).put("number", Integer.toString(100_000 + p))
        .put("name", project.replace('-', ' '));
    proj.putArray("labels").addObject().put("key", "cost_center").put("value", "cc-" + (p + 1));
    proj.put("ancestry_numbers", "/54643501348/");
    row.putObject("location").put("location", a.regions().get(p)).put("country", a.currency().equals("EUR") ? "EU" : "US")
        .put("region", a.regions().get(p).contains("-") ? a.regions().get(p) : null).putNull("zone");
    row.put("export_time", exported.toString());
    row.put("cost", cost);
    row.put("currency", a.currency());
    row.put("currency_conversion_rate", a.rate());
    row.putObject("invoice").put("month", String.format("%04d%02d", m.getYear(), m.getMonthValue()));
    row.put("cost_type", costType);
    row.putArray("credits");
    return row;
  }

  static BigDecimal money(BigDecimal v) {
    return v.setScale(6, RoundingMode.HALF_UP);
  }
}
