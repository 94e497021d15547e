package io.costfleet.focus;

import static org.assertj.core.api.Assertions.assertThat;

import io.costfleet.source.NormalizeResult;
import io.costfleet.source.RawRecord;
import io.costfleet.source.csv.CsvReader;
import io.costfleet.source.csv.CsvRow;
import io.costfleet.testing.Samples;
import io.costfleet.validation.FocusVersion;
import io.costfleet.validation.RecordValidator;
import io.costfleet.validation.Violation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The record validator against the FOCUS validator's own pass/fail samples. */
class FocusValidatorSamplesTest {
  private static final RecordValidator VALIDATOR = new RecordValidator();

  @AfterAll
  static void close() {
    VALIDATOR.close();
  }

  record Outcome(FocusVersion version, List<NormalizeResult> rows) {
    List<Violation> violations(int row) {
      return ((NormalizeResult.Rejected) rows.get(row)).violations();
    }
  }

  static Outcome run(String sample) throws Exception {
    Path file = Samples.path("focus/focus-validator/samples/" + sample);
    try (CsvReader reader = CsvReader.open(Files.newInputStream(file), sample)) {
      FocusCsvNormalizer normalizer = new FocusCsvNormalizer(reader.header(), null, VALIDATOR);
      List<NormalizeResult> out = new ArrayList<>();
      for (CsvRow row : reader) {
        out.add(normalizer.normalize(new RawRecord<>(row.position(), row), null));
      }
      return new Outcome(normalizer.version(), out);
    }
  }

  @Test
  void acceptsThePassingFocus05Sample() throws Exception {
    Outcome o = run("all_pass_0.5.csv");
    assertThat(o.version()).isEqualTo(FocusVersion.V0_5);
    assertThat(o.rows()).hasSize(2).allSatisfy(r -> assertThat(r).isInstanceOf(NormalizeResult.Accepted.class));
    var first = ((NormalizeResult.Accepted) o.rows().get(0)).records().get(0);
    assertThat(first.chargeCategory()).isEqualTo("Purchase");
    assertThat(first.effectiveCost()).isEqualByComparingTo("0.01");
    assertThat(first.billingCurrency()).isEqualTo("USD");
    assertThat(first.xSourceRecordHash()).hasSize(64);
  }

  @Test
  void rejectsAFileWithoutAnyFocusColumn() throws Exception {
    Outcome o = run("all_fail.csv");
    assertThat(o.rows()).hasSize(1);
    assertThat(o.violations(0)).filteredOn(v -> v.code().equals("ColumnMissing"))
        .extracting(Violation::field).hasSize(21).contains("BilledCost", "ChargeCategory", "BillingCurrency");
  }

  @Test
  void rejectsBadChargeTypeValues() throws Exception {
    Outcome o = run("fail_charge_type_bad_value.csv");
    assertThat(o.rows()).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(o.violations(i)).filteredOn(v -> v.field().equals("ChargeCategory") && v.code().equals("AllowedValues"))
          .singleElement().extracting(Violation::rejectedValue).isEqualTo(List.of("a", "b", "c").get(i));
    }
  }

  @Test
  void rejectsEveryFailureOfARowNotOnlyTheFirst() throws Exception {
    for (String sample : List.of("multiple_failure_examples.csv", "multiple_failure_example_namespaced.csv")) {
      Outcome o = run(sample);
      assertThat(o.rows()).as(sample).hasSize(3);
      assertThat(o.violations(0)).extracting(Violation::field).as(sample)
          .contains("ChargeCategory", "InvoiceIssuerName");
      assertThat(o.violations(1)).extracting(Violation::field).as(sample)
          .contains("ChargeCategory").doesNotContain("InvoiceIssuerName");
    }
  }

  @Test
  void rejectsRaggedRowsWithEmptyRequiredValues() throws Exception {
    Outcome o = run("billedCostTest.csv");
    assertThat(o.rows()).hasSize(2);
    assertThat(o.violations(0)).extracting(Violation::code).contains("Ragged");
    assertThat(o.violations(0)).filteredOn(v -> v.code().equals("NotBlank")).extracting(Violation::field)
        .contains("ProviderName", "InvoiceIssuerName");
    assertThat(o.violations(0)).extracting(Violation::field).doesNotContain("BilledCost");
  }

  @Test
  void rejectsFilesMissingRequiredColumns() throws Exception {
    Outcome issuer = run("fail_invoice_issuer.csv");
    assertThat(issuer.rows()).hasSize(2).allSatisfy(r -> assertThat(r).isInstanceOf(NormalizeResult.Rejected.class));
    assertThat(issuer.violations(0)).filteredOn(v -> v.code().equals("ColumnMissing")).extracting(Violation::field)
        .contains("ChargeCategory", "BillingCurrency").doesNotContain("InvoiceIssuerName", "ProviderName", "BilledCost");

    Outcome price = run("listUnitPriceTest.csv");
    assertThat(price.rows()).hasSize(2);
    assertThat(price.violations(0)).extracting(Violation::field).contains("BilledCost").doesNotContain("ListUnitPrice");
  }
}
