package io.costfleet.worker.azure.sim;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulator's cost data: for each subscription and month, deterministic lines from a seed.
 *
 * <p>Per day: one usage line per resource group and service (six of each, so 36 groups a day);
 * the VMs of {@code rg-app} are covered by a reservation (actual cost 0, amortized 9.25 a day) and
 * the reservation's unused part is an {@code UnusedReservation} line (amortized 0.50 a day). On
 * the 1st the reservation is bought (actual only: 9.75 × days in the month); on the 15th storage
 * in {@code rg-data} gets a refund of −12.34. Amounts have up to ten decimals.
 */
final class SimLedger {
  static final List<String> RESOURCE_GROUPS = List.of("rg-app", "rg-data", "rg-web", "rg-shared", "rg-ml", "rg-net");
  static final BigDecimal RESERVED_DAILY = new BigDecimal("9.25");
  static final BigDecimal UNUSED_DAILY = new BigDecimal("0.50");
  static final BigDecimal REFUND = new BigDecimal("-12.34");

  private record Service(String name, String meterCategory, String consumedService, String resourceType,
      String meterName, String unit, BigDecimal unitPrice) {}

  private static final List<Service> SERVICES = List.of(
      new Service("Virtual Machines", "Virtual Machines", "Microsoft.Compute", "virtualMachines", "D2s v3",
          "1 Hour", new BigDecimal("0.096")),
      new Service("Storage", "Storage", "Microsoft.Storage", "storageAccounts", "Hot LRS Data Stored",
          "1 GB/Month", new BigDecimal("0.0184")),
      new Service("Bandwidth", "Bandwidth", "Microsoft.Network", "publicIPAddresses", "Standard Data Transfer Out",
          "1 GB", new BigDecimal("0.087")),
      new Service("Azure App Service", "Azure App Service", "Microsoft.Web", "sites", "P1 v3 App",
          "1 Hour", new BigDecimal("0.2")),
      new Service("SQL Database", "SQL Database", "Microsoft.Sql", "servers", "vCore",
          "1 Hour", new BigDecimal("0.5044")),
      new Service("Azure Cosmos DB", "Azure Cosmos DB", "Microsoft.DocumentDB", "databaseAccounts",
          "100 RU/s", "100/Hour", new BigDecimal("0.008")));

  private final long seed;
  private final List<String> subscriptions;
  private final String billingAccountId;
  private final Map<String, List<SimCharge>> cache = new ConcurrentHashMap<>();

  SimLedger(long seed, List<String> subscriptions, String billingAccountId) {
    this.seed = seed;
    this.subscriptions = List.copyOf(subscriptions);
    this.billingAccountId = billingAccountId;
  }

  /** {@code n} subscription ids derived from the seed. */
  static List<String> subscriptionIds(long seed, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(UUID.nameUUIDFromBytes(("costfleet-sim-" + seed + "-" + i).getBytes(StandardCharsets.UTF_8)).toString());
    }
    return out;
  }

  List<String> subscriptions() {
    return subscriptions;
  }

  String billingAccountId() {
    return billingAccountId;
  }

  String subscriptionName(String subscriptionId) {
    return "Subscription " + (subscriptions.indexOf(subscriptionId) + 1);
  }

  static String reservationId(String subscriptionId) {
    return "/providers/Microsoft.Capacity/reservationOrders/" + UUID.nameUUIDFromBytes(subscriptionId.getBytes(
        StandardCharsets.UTF_8)) + "/reservations/ri-" + subscriptionId.substring(0, 8);
  }

  /** The lines of one subscription and month. */
  List<SimCharge> lines(String subscriptionId, YearMonth month) {
    return cache.computeIfAbsent(subscriptionId + "|" + month, k -> generate(subscriptionId, month));
  }

  private List<SimCharge> generate(String sub, YearMonth month) {
    SplittableRandom random = new SplittableRandom(seed ^ sub.hashCode() * 31L ^ month.hashCode());
    String name = subscriptionName(sub);
    String reservation = reservationId(sub);
    List<SimCharge> out = new ArrayList<>();
    int days = month.lengthOfMonth();
    for (int d = 1; d <= days; d++) {
      LocalDate date = month.atDay(d);
      for (int g = 0; g < RESOURCE_GROUPS.size(); g++) {
        String rg = RESOURCE_GROUPS.get(g);
        Map<String, String> tags = Map.of("cost_center", "cc-" + (100 + g), "env", g % 2 == 0 ? "prod" : "dev");
        for (Service s : SERVICES) {
          BigDecimal quantity = BigDecimal.valueOf(random.nextLong(1_000, 240_000)).movePointLeft(4);
          String resourceId = "/subscriptions/" + sub + "/resourceGroups/" + rg + "/providers/" + s.consumedService()
              + "/" + s.resourceType() + "/" + s.resourceType().toLowerCase().charAt(0) + "-" + rg;
          String meterId = UUID.nameUUIDFromBytes((s.name() + s.meterName()).getBytes(StandardCharsets.UTF_8)).toString();
          boolean reserved = rg.equals("rg-app") && s.name().equals("Virtual Machines");
          BigDecimal cost = quantity.multiply(s.unitPrice()).setScale(10, RoundingMode.HALF_UP);
          out.add(new SimCharge(sub, name, date, rg, s.name(), s.meterCategory(), s.consumedService(), meterId,
              s.meterName(), resourceId, "eastus", quantity, s.unit(), s.unitPrice(), "Usage", "UsageBased",
              reserved ? "Reservation" : "OnDemand", reserved ? reservation : null, reserved ? "ri-vm" : null,
              reserved ? BigDecimal.ZERO : cost, reserved ? RESERVED_DAILY : cost, tags));
        }
      }
      out.add(new SimCharge(sub, name, date, "", "Virtual Machines", "Virtual Machines", "Microsoft.Capacity",
          "unused", "D2s v3", reservation, "eastus", BigDecimal.ONE, "1 Hour", UNUSED_DAILY, "UnusedReservation",
          "UsageBased", "Reservation", reservation, "ri-vm", null, UNUSED_DAILY, Map.of()));
    }
    BigDecimal purchase = RESERVED_DAILY.add(UNUSED_DAILY).multiply(BigDecimal.valueOf(days));
    out.add(new SimCharge(sub, name, month.atDay(1), "", "Virtual Machines", "Virtual Machines", "Microsoft.Capacity",
        "purchase", "Reserved VM Instance, Standard_D2s_v3, 1 Month", reservation, "eastus", BigDecimal.ONE,
        "1 Hour", purchase, "Purchase", "Recurring", "Reservation", reservation, "ri-vm", purchase, null, Map.of()));
    out.add(new SimCharge(sub, name, month.atDay(Math.min(15, days)), "rg-data", "Storage", "Storage",
        "Microsoft.Storage", "refund", "Hot LRS Data Stored", "/subscriptions/" + sub
            + "/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/s-rg-data", "eastus",
        BigDecimal.ONE.negate(), "1 GB/Month", REFUND.negate(), "Refund", "OneTime", "OnDemand", null, null,
        REFUND, REFUND, Map.of("cost_center", "cc-101", "env", "dev")));
    return List.copyOf(out);
  }
}
