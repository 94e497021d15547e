package io.costfleet.dbtelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.costfleet.testing.Records;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UsageTypeClassifierTest {
  private final UsageTypeClassifier classifier = UsageTypeClassifier.defaults();

  @ParameterizedTest
  @CsvSource(nullValues = "-", value = {
      "USE1-InstanceUsage:db.r6g.large, compute",
      "USW2-Multi-AZUsage:db.m5.xlarge, compute",
      "USE1-Aurora:ServerlessV2Usage, compute",
      "USE1-InstanceUsageIOOptimized:db.r6g.large, compute",
      "USE1-RDS:GP3-Storage, storage",
      "USE1-Aurora:StorageUsage, storage",
      "USE1-Aurora:IO-OptimizedStorageUsage, storage",
      "USE1-RDS:ChargedBackupUsage, storage",
      "USE1-Aurora:StorageIOUsage, io",
      "USE1-RDS:PIOPS, io",
      "USE1-RDS:GP3-PIOPS, io",
      "USE1-DataTransfer-Out-Bytes, -",
      "regular, -",
  })
  void usageTypes(String usageType, String expected) {
    assertThat(classifier.classify(Records.valid().xUsageType(usageType).chargeDescription(null).build()))
        .isEqualTo(Optional.ofNullable(expected).map(Component::of));
  }

  @ParameterizedTest
  @CsvSource(nullValues = "-", value = {
      "Cloud SQL for PostgreSQL: Zonal - vCPU in Americas, compute",
      "Cloud SQL for PostgreSQL: Zonal - RAM in Americas, compute",
      "Cloud SQL for PostgreSQL: Zonal - Standard storage in Americas, storage",
      "Cloud SQL for MySQL: Backups in Americas, storage",
      "Network Internet Egress from Americas to Americas, -",
  })
  void withoutAUsageTypeTheDescriptionDecides(String description, String expected) {
    assertThat(classifier.classify(Records.valid().xUsageType("regular").chargeDescription(description).build()))
        .isEqualTo(Optional.ofNullable(expected).map(Component::of));
  }
}
