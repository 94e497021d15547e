package io.costfleet.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
            "io.smallrye..", "org.eclipse.microprofile..", "io.vertx..", "org.jboss..", "jakarta.servlet..")
        .because("shared is a framework-free library used by the Quarkus dispatcher and the Spring workers")
        .check(SHARED);
  }

  /** The rules above saw every package of shared's sources (a package added later is checked too). */
  @Test
  void theRulesSeeEverySourcePackage() throws IOException {
    Path sources = Path.of("src/main/java");
    Set<String> packages;
    try (Stream<Path> files = Files.walk(sources)) {
      packages = files.filter(f -> f.toString().endsWith(".java"))
          .map(f -> sources.relativize(f.getParent()).toString().replace(f.getFileSystem().getSeparator(), "."))
          .collect(Collectors.toCollection(TreeSet::new));
    }
    Set<String> imported = SHARED.stream().map(JavaClass::getPackageName).collect(Collectors.toCollection(TreeSet::new));
    assertThat(packages).contains("io.costfleet.close", "io.costfleet.dbtelemetry", "io.costfleet.importer");
    assertThat(imported).containsAll(packages);
  }

  @Test
  void modelAndWireContractDoNotDependOnInfrastructure() {
    noClasses().that().resideInAnyPackage("io.costfleet.model..", "io.costfleet.job..")
        .should().dependOnClassesThat().resideInAnyPackage("redis.clients..", "org.apache.parquet..", "org.duckdb..")
        .check(SHARED);
  }
}
