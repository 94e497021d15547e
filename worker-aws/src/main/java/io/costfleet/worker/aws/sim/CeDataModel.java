package io.costfleet.worker.aws.sim;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The simulator's deterministic cost data: for each account and day, one line item per
 * (service, Environment tag value), with UnblendedCost, AmortizedCost, NetAmortizedCost and
 * UsageQuantity derived from a hash of (seed, account, day, service, environment). Nothing is
 * stored: any amount is computed on demand, so a month of a million groups costs no memory.
 */
public final class CeDataModel {
  static final List<String> REAL_SERVICES = List.of("Amazon Elastic Compute Cloud - Compute", "EC2 - Other",
      "Amazon Simple Storage Service", "Amazon Relational Database Service", "Amazon DynamoDB", "AWS Lambda",
      "Amazon Virtual Private Cloud", "AmazonCloudWatch", "AWS Key Management Service", "Amazon Simple Queue Service",
      "AWS Glue", "Amazon Elastic Container Service");
  /** Values of the Environment tag; the empty value is an untagged resource ({@code Environment$}). */
  static final List<String> ENVIRONMENTS = List.of("", "prod", "dev");

  private final long seed;
  private final List<String> accounts;
  private final List<String> services;

  /**
   * @param accounts how many 12-digit accounts
   * @param services how many services (the real names first, then synthetic ones)
   */
  public CeDataModel(long seed, int accounts, int services) {
    this.seed = seed;
    SplittableRandom random = new SplittableRandom(seed);
    List<String> ids = new ArrayList<>();
    while (ids.size() < accounts) {
      String id = String.format("%012d", 100_000_000_000L + random.nextLong(899_999_999_999L));
      if (!ids.contains(id)) {
        ids.add(id);
      }
    }
    this.accounts = List.copyOf(ids);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < services; i++) {
      names.add(i < REAL_SERVICES.size() ? REAL_SERVICES.get(i) : String.format("Synthetic Service %05d", i));
    }
    this.services = List.copyOf(names);
  }

  public List<String> accounts() {
    return accounts;
  }

  public List<String> services() {
    return services;
  }

  /** The four metrics of one line item. */
  public record Amounts(BigDecimal unblended, BigDecimal amortized, BigDecimal netAmortized, BigDecimal usage) {
    static final Amounts ZERO = new Amounts(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

    Amounts plus(Amounts o) {
      return new Amounts(unblended.add(o.unblended), amortized.add(o.amortized), netAmortized.add(o.netAmortized),
          usage.add(o.usage));
    }
  }

  /** The line item of an account, day, service index and environment index. */
  public Amounts lineItem(String account, LocalDate day, int service, int environment) {
    long h = mix(seed ^ Long.parseLong(account) * 0x9E3779B97F4A7C15L ^ day.toEpochDay() * 0xC2B2AE3D27D4EB4FL
        ^ (long) service * 0x165667B19E3779F9L ^ (long) environment * 0x27D4EB2F165667C5L);
    if (Math.floorMod(h >>> 3, 7) == 0) {
      return Amounts.ZERO;
    }
    BigDecimal unblended = BigDecimal.valueOf(Math.floorMod(h, 25_000_000_000L), 10);
    BigDecimal amortized = unblended.multiply(new BigDecimal("0.93"));
    BigDecimal net = unblended.multiply(new BigDecimal("0.88"));
    BigDecimal usage = BigDecimal.valueOf(Math.floorMod(mix(h), 100_000_000L), 4);
    return new Amounts(unblended, amortized, net, usage);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
