package io.costfleet.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** {@code shared} is framework-free: no Spring, no Quarkus, no CDI/JAX-RS. */
class ArchitectureTest {
  private static final JavaClasses SHARED = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.costfleet");

  @Test
  void sharedDoesNotDependOnAnApplicationFramework() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage(
            "org.springframework..", "io.quarkus..", "jakarta.enterprise..", "jakarta.ws.rs..", "jakarta.inject..",
            "io.smallrye..", "org.eclipse.microprofile..")
        .because("shared is a framework-free library used by the Quarkus dispatcher and the Spring workers")
        .check(SHARED);
  }

  @Test
  void modelAndWireContractDoNotDependOnInfrastructure() {
    noClasses().that().resideInAnyPackage("io.costfleet.model..", "io.costfleet.job..")
        .should().dependOnClassesThat().resideInAnyPackage("redis.clients..", "org.apache.parquet..", "org.duckdb..")
        .check(SHARED);
  }
}
