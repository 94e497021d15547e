package io.costfleet.close;

import static io.costfleet.close.StagedPeriod.line;

import io.costfleet.model.CostRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;

/** The generated three-provider period of the acceptance tests, with its rule file. */
final class ThreeProviderPeriod {
  static final YearMonth OCT = YearMonth.of(2026, 10);

  static final String RULES = """
      version: "2026.10-1"
      cost_centers:
        cc-web: digital
        cc-data: data-platform
        cc-ml: data-platform
      tags:
        - name: tag-cost-center
          key: cost_center
        - name: tag-project
          key: project
          values: { lakehouse: cc-data }
      hierarchy:
        - name: gcp-analytics
          match: { provider: gcp, project: analytics-prod }
          cost_center: cc-data
        - name: gcp-web
          match: { provider: gcp, project: web-prod }
          cost_center: cc-web
        - name: azure-rg-web
          match: { provider: azure, resource_group: rg-web }
          cost_center: cc-web
      shared:
        - name: nat-gateways
          match: { usage_type: "*NatGateway*" }
          driver: compute-spend
        - name: support
          match: { charge_category: Purchase, service: "*Support*" }
          driver: fixed-weights
          weights: { cc-web: 1, cc-data: 2 }
        - name: shared-db
          match: { resource_id: "*shared-db*" }
          driver: fixed-weights
          weights: { cc-web: 1, cc-data: 1, cc-ml: 1 }
      """;

  private ThreeProviderPeriod() {}

  /** Stages the period under {@code root} and writes {@code root/rules.yaml}; returns the stager for more jobs. */
  static StagedPeriod stage(Path root) throws IOException {
    StagedPeriod staged = new StagedPeriod(root, OCT);
    Path rules = root.resolve("rules.yaml");
    Files.writeString(rules, RULES);
    // AWS payer 111111111111, CUR: two generations of nothing special; dedupe within the period.
    List<CostRecord> awsPage1 = List.of(
        // r1 version 1 (restated below by version 2: 100.00 / 90.00)
        line("aws", "111111111111", "222222222222", "r1", "2026-10-01", "80.00", "70.00").xSourceVersion("1")
            .tag("Cost Center", "cc-web").build(),
        // r2: tag key written differently, still cost_center → cc-data, compute 50.00
        line("aws", "111111111111", "222222222222", "r2", "2026-10-02", "50.00", "50.00").tag(" COST-CENTER ", "cc-data")
            .build(),
        // NAT gateway: shared by compute spend
        line("aws", "111111111111", "222222222222", "nat", "2026-10-01", "10.00", "10.00").xUsageType("USE1-NatGateway-Hours")
            .serviceCategory("Networking").serviceName("Amazon Virtual Private Cloud").build(),
        // SageMaker tagged through the project tag map → cc-data? no: project=ml is not in the map, cost_center wins first
        line("aws", "111111111111", "222222222222", "ml", "2026-10-03", "25.00", "25.00").tag("cost_center", "cc-ml")
            .serviceCategory("AI and Machine Learning").serviceName("Amazon SageMaker").build(),
        // untagged, no hierarchy, no shared rule → unallocated
        line("aws", "111111111111", "222222222222", "orphan", "2026-10-04", "7.77", "7.77").serviceName("Amazon S3")
            .serviceCategory("Storage").build());
    List<CostRecord> awsPage2 = List.of(
        line("aws", "111111111111", "222222222222", "r1", "2026-10-01", "100.00", "90.00").xSourceVersion("2")
            .tag("Cost Center", "cc-web").build(),
        // exact duplicate of r2 (a page replayed under another name)
        line("aws", "111111111111", "222222222222", "r2", "2026-10-02", "50.00", "50.00").tag(" COST-CENTER ", "cc-data")
            .build(),
        // project tag through a value map
        line("aws", "111111111111", "222222222222", "lake", "2026-10-05", "12.34", "12.34").tag("Project", "LakeHouse")
            .serviceCategory("Storage").serviceName("Amazon S3").build());
    staged.job("aws", "cur", "111111111111", "usage", 0).page(awsPage1).page(awsPage2).complete();

    staged.job("gcp", "bigquery", "billing-1", "usage", 0).page(List.of(
        line("gcp", "billing-1", "analytics-prod", "bq", "2026-10-02", "40.00", "40.00").serviceCategory("Analytics")
            .serviceName("BigQuery").build(),
        line("gcp", "billing-1", "web-prod", "gce", "2026-10-02", "60.00", "60.00").serviceName("Compute Engine").build()))
        .complete();

    staged.job("azure", "exports", "ea-1", "usage", 0).page(List.of(
        line("azure", "ea-1", "sub-1", "vm", "2026-10-03", "30.00", "30.00").serviceName("Virtual Machines")
            .resourceId("/subscriptions/sub-1/resourceGroups/RG-Web/providers/Microsoft.Compute/virtualMachines/vm1").build(),
        line("azure", "ea-1", "sub-1", "support", "2026-10-01", "100.00", "100.00").chargeCategory("Purchase")
            .chargeFrequency("Recurring").serviceCategory("Management and Governance").serviceName("Azure Support")
            .consumedQuantity(null).consumedUnit(null).build(),
        line("azure", "ea-1", "sub-1", "db", "2026-10-04", "10.00", "10.00").serviceCategory("Databases")
            .serviceName("Azure Database for PostgreSQL")
            .resourceId("/subscriptions/sub-1/resourceGroups/rg-platform/providers/Microsoft.DBforPostgreSQL/servers/shared-db-1")
            .build()))
        .complete();
      return staged;
  }
}
