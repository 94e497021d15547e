package io.costfleet.worker.aws.sim;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a deterministic legacy CUR report file ({@code .csv.gz}, 130 columns) for one payer
 * account and billing period from a seed, streaming (any number of rows in constant memory), and
 * adds up what it wrote: the ground truth a pipeline's staged totals must equal to the cent.
 *
 * <p>The mix: Usage (with some Spot and scientific-notation amounts), DiscountedUsage and RIFee
 * (reserved instances), SavingsPlanCoveredUsage, SavingsPlanNegation and SavingsPlanRecurringFee,
 * Tax, Credit; user tags and cost categories. Every {@code malformedEvery}-th row is ragged (three
 * fields short) and counted apart: the truth excludes it.
 */
public final class CurReportGenerator {

  /**
   * What to generate.
   *
   * @param seed           the seed: the same spec writes the same bytes
   * @param period         the billing period
   * @param payerAccount   bill/PayerAccountId
   * @param usageAccounts  number of linked (usage) accounts
   * @param rows           data rows, malformed ones included
   * @param malformedEvery every n-th row is ragged (0: none)
   * @param gzipLevel      deflate level (1 fast … 9 small; AWS's files are level 6-ish)
   */
  public record Spec(long seed, YearMonth period, String payerAccount, int usageAccounts, long rows,
      int malformedEvery, int gzipLevel) {}

  /** Totals of one line item type: rows, BilledCost and EffectiveCost as the normalizer must compute them. */
  public record Totals(long rows, BigDecimal billed, BigDecimal effective) {
    Totals plus(BigDecimal b, BigDecimal e) {
      return new Totals(rows + 1, billed.add(b), effective.add(e));
    }
  }

  /** What was written. */
  public record Result(Path file, long rows, long malformed, Map<String, Totals> byType, BigDecimal billed,
      BigDecimal effective) {}

  static final List<String> HEADER = header();
  private static final String[] TYPES = {"m5.large", "m5.xlarge", "c6g.2xlarge", "r6i.large", "t3.micro", "db.r6g.large"};
  private static final String[] RATES = {"0.096", "0.192", "0.272", "0.126", "0.0104", "0.26"};
  private static final String[] REGIONS = {"us-east-1", "eu-west-1", "eu-central-1", "ap-southeast-2"};
  private static final String[] LOCATIONS = {"US East (N. Virginia)", "EU (Ireland)", "EU (Frankfurt)",
      "Asia Pacific (Sydney)"};
  private static final String[] CENTERS = {"cc-analytics", "cc-web", "cc-data", "cc-platform", ""};

  private CurReportGenerator() {}

  private static List<String> header() {
    List<String> h = new ArrayList<>(List.of(
        "identity/LineItemId", "identity/TimeInterval",
        "bill/InvoiceId", "bill/InvoicingEntity", "bill/BillingEntity", "bill/BillType", "bill/PayerAccountId",
        "bill/BillingPeriodStartDate", "bill/BillingPeriodEndDate",
        "lineItem/UsageAccountId", "lineItem/LineItemType", "lineItem/UsageStartDate", "lineItem/UsageEndDate",
        "lineItem/ProductCode", "lineItem/UsageType", "lineItem/Operation", "lineItem/AvailabilityZone",
        "lineItem/ResourceId", "lineItem/UsageAmount", "lineItem/NormalizationFactor",
        "lineItem/NormalizedUsageAmount", "lineItem/CurrencyCode", "lineItem/UnblendedRate",
        "lineItem/UnblendedCost", "lineItem/BlendedRate", "lineItem/BlendedCost", "lineItem/LineItemDescription",
        "lineItem/TaxType", "lineItem/LegalEntity",
        "product/ProductName", "product/region", "product/location", "product/sku", "product/servicecode",
        "product/instanceType", "product/instanceFamily", "product/productFamily", "product/operatingSystem",
        "product/tenancy", "product/vcpu", "product/memory", "product/usagetype", "product/operation",
        "pricing/publicOnDemandCost", "pricing/publicOnDemandRate", "pricing/term", "pricing/unit",
        "pricing/RateCode", "pricing/RateId",
        "reservation/ReservationARN", "reservation/EffectiveCost", "reservation/AmortizedUpfrontCostForUsage",
        "reservation/RecurringFeeForUsage", "reservation/UnusedAmortizedUpfrontFeeForBillingPeriod",
        "reservation/UnusedRecurringFee", "reservation/TotalReservedUnits", "reservation/NumberOfReservations",
        "savingsPlan/SavingsPlanARN", "savingsPlan/SavingsPlanEffectiveCost", "savingsPlan/SavingsPlanRate",
        "savingsPlan/TotalCommitmentToDate", "savingsPlan/UsedCommitment", "savingsPlan/OfferingType",
        "resourceTags/user:cost_center", "resourceTags/user:project", "resourceTags/user:owner",
        "resourceTags/aws:createdBy", "costCategory/BusinessUnit", "costCategory/Environment"));
    // Real reports carry dozens of sparse product attributes; fill up to 130 columns with them.
    int filler = 1;
    while (h.size() < 130) {
      h.add("product/attribute" + filler++);
    }
    return List.copyOf(h);
  }

  /** Writes the report to {@code out} (gzip) and returns its truth. */
  public static Result write(Spec spec, Path out) throws IOException {
    Files.createDirectories(out.toAbsolutePath().getParent());
    Instant periodStart = spec.period().atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    Instant periodEnd = spec.period().plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    long hours = (periodEnd.getEpochSecond() - periodStart.getEpochSecond()) / 3600;
    String bps = periodStart.toString();
    String bpe = periodEnd.toString();
    SplittableRandom random = new SplittableRandom(spec.seed());
    String[] accounts = new String[spec.usageAccounts()];
    for (int i = 0; i < accounts.length; i++) {
      accounts[i] = String.format("%012d", Math.abs(new SplittableRandom(spec.seed() + 31L * i).nextLong()) % 1_000_000_000_000L);
    }
    Map<String, Totals> byType = new TreeMap<>();
    BigDecimal billed = BigDecimal.ZERO;
    BigDecimal effective = BigDecimal.ZERO;
    long malformed = 0;
    String[] row = new String[HEADER.size()];
    StringBuilder line = new StringBuilder(2048);
    try (OutputStream file = Files.newOutputStream(out);
         GZIPOutputStream gz = new GZIPOutputStream(file, 1 << 16) {
           {
             def.setLevel(spec.gzipLevel());
           }
         };
         Writer w = new BufferedWriter(new OutputStreamWriter(gz, StandardCharsets.UTF_8), 1 << 16)) {
      w.write(String.join(",", HEADER));
      w.write('\n');
      for (long i = 0; i < spec.rows(); i++) {
        java.util.Arrays.fill(row, "");
        long hour = i % hours;
        Instant start = periodStart.plusSeconds(hour * 3600);
        String s = start.toString();
        String e = start.plusSeconds(3600).toString();
        int t = random.nextInt(TYPES.length);
        int region = random.nextInt(REGIONS.length);
        String account = accounts[random.nextInt(accounts.length)];
        int pick = random.nextInt(100);
        String type = pick < 78 ? "Usage" : pick < 84 ? "DiscountedUsage" : pick < 89 ? "SavingsPlanCoveredUsage"
            : pick < 93 ? "SavingsPlanNegation" : pick < 95 ? "Tax" : pick < 97 ? "Credit" : pick < 99 ? "RIFee"
            : "SavingsPlanRecurringFee";
        BigDecimal amount = BigDecimal.valueOf(1 + random.nextInt(4000), 3);
        BigDecimal rate = new BigDecimal(RATES[t]);
        BigDecimal cost = amount.multiply(rate);
        if (random.nextInt(50) == 0) {
          cost = BigDecimal.valueOf(1 + random.nextInt(999), 10 + random.nextInt(4));
        }
        BigDecimal eff = cost;
        row[0] = Long.toHexString(spec.seed()) + "-" + Long.toString(i, 36);
        row[1] = s + "/" + e;
        row[2] = "";
        row[3] = "Amazon Web Services, Inc.";
        row[4] = "AWS";
        row[5] = "Anniversary";
        row[6] = spec.payerAccount();
        row[7] = bps;
        row[8] = bpe;
        row[9] = account;
        row[10] = type;
        row[11] = s;
        row[12] = e;
        row[13] = t == 5 ? "AmazonRDS" : "AmazonEC2";
        row[14] = (t == 5 ? "InstanceUsage:" : "BoxUsage:") + TYPES[t];
        row[15] = "RunInstances";
        row[16] = REGIONS[region] + "a";
        row[17] = "i-" + Long.toHexString(random.nextLong() & 0xffffffffffL);
        row[18] = amount.toPlainString();
        row[19] = "4";
        row[20] = amount.multiply(BigDecimal.valueOf(4)).toPlainString();
        row[21] = "USD";
        row[22] = RATES[t];
        row[23] = cost.toString();
        row[24] = RATES[t];
        row[25] = cost.toString();
        row[26] = "$" + RATES[t] + " per On Demand Linux " + TYPES[t] + " Instance Hour";
        row[28] = "Amazon Web Services, Inc.";
        row[29] = t == 5 ? "Amazon Relational Database Service" : "Amazon Elastic Compute Cloud";
        row[30] = REGIONS[region];
        row[31] = LOCATIONS[region];
        row[32] = "SKU" + t + region + "ABCDEFG";
        row[33] = row[13];
        row[34] = TYPES[t];
        row[35] = "General purpose";
        row[36] = "Compute Instance";
        row[37] = "Linux";
        row[38] = "Shared";
        row[39] = Integer.toString(2 << (t % 3));
        row[40] = (8 << (t % 3)) + " GiB";
        row[41] = row[14];
        row[42] = "RunInstances";
        row[43] = cost.toString();
        row[44] = RATES[t];
        row[45] = "OnDemand";
        row[46] = "Hrs";
        row[47] = row[32] + ".JRTCKXETXF.6YS6EN2CT7";
        row[48] = Long.toString(100_000_000L + t * 1000L + region);
        switch (type) {
          case "DiscountedUsage" -> {
            eff = cost.multiply(new BigDecimal("0.62"));
            row[45] = "Reserved";
            row[49] = "arn:aws:ec2:" + REGIONS[region] + ":" + spec.payerAccount() + ":reserved-instances/ri-" + t;
            row[50] = eff.toPlainString();
            row[23] = "0";
            row[25] = "0";
            cost = BigDecimal.ZERO;
          }
          case "RIFee" -> {
            BigDecimal unusedUpfront = BigDecimal.valueOf(random.nextInt(50_000), 4);
            BigDecimal unusedRecurring = BigDecimal.valueOf(random.nextInt(20_000), 4);
            eff = unusedUpfront.add(unusedRecurring);
            row[49] = "arn:aws:ec2:" + REGIONS[region] + ":" + spec.payerAccount() + ":reserved-instances/ri-" + t;
            row[53] = unusedUpfront.toPlainString();
            row[54] = unusedRecurring.toPlainString();
            row[55] = "744";
            row[56] = "1";
            row[11] = bps;
            row[12] = bpe;
          }
          case "SavingsPlanCoveredUsage" -> {
            eff = cost.multiply(new BigDecimal("0.71"));
            row[57] = "arn:aws:savingsplans::" + spec.payerAccount() + ":savingsplan/sp-" + region;
            row[58] = eff.toPlainString();
            row[59] = "0.0681";
          }
          case "SavingsPlanNegation" -> {
            cost = cost.negate();
            eff = BigDecimal.ZERO;
            row[23] = cost.toString();
            row[25] = cost.toString();
            row[57] = "arn:aws:savingsplans::" + spec.payerAccount() + ":savingsplan/sp-" + region;
          }
          case "SavingsPlanRecurringFee" -> {
            BigDecimal total = BigDecimal.valueOf(10_000 + random.nextInt(10_000), 2);
            BigDecimal used = total.multiply(BigDecimal.valueOf(random.nextInt(101), 2));
            eff = total.subtract(used);
            row[57] = "arn:aws:savingsplans::" + spec.payerAccount() + ":savingsplan/sp-" + region;
            row[60] = total.toPlainString();
            row[61] = used.toPlainString();
            row[62] = "ComputeSavingsPlans";
            row[11] = bps;
            row[12] = bpe;
          }
          case "Tax" -> {
            row[27] = "VAT";
            row[11] = bps;
            row[12] = bpe;
          }
          case "Credit" -> {
            cost = cost.negate();
            eff = cost;
            row[23] = cost.toString();
            row[25] = cost.toString();
          }
          default -> { }
        }
        String center = CENTERS[random.nextInt(CENTERS.length)];
        row[63] = center;
        row[64] = center.isEmpty() ? "" : "proj-" + random.nextInt(20);
        row[65] = center.isEmpty() ? "" : "team-" + (t % 4);
        row[66] = "AssumedRole:AROAEXAMPLE:ci";
        row[67] = center.isEmpty() ? "" : center.substring(3);
        row[68] = random.nextInt(3) == 0 ? "prod" : "dev";
        for (int f = 69; f < row.length; f += 3) {
          row[f] = "value-" + ((f + t) % 7);
        }
        boolean ragged = spec.malformedEvery() > 0 && (i + 1) % spec.malformedEvery() == 0;
        line.setLength(0);
        int fields = ragged ? row.length - 3 : row.length;
        for (int f = 0; f < fields; f++) {
          if (f > 0) {
            line.append(',');
          }
          String v = row[f];
          if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0) {
            line.append('"').append(v.replace("\"", "\"\"")).append('"');
          } else {
            line.append(v);
          }
        }
        line.append('\n');
        w.append(line);
        if (ragged) {
          malformed++;
          continue;
        }
        billed = billed.add(cost);
        effective = effective.add(eff);
        byType.merge(type, new Totals(1, cost, eff),
            (a, b) -> new Totals(a.rows() + b.rows(), a.billed().add(b.billed()), a.effective().add(b.effective())));
      }
    }
    return new Result(out, spec.rows(), malformed, byType, billed, effective);
  }
}
