package io.costfleet.worker.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.costfleet.model.CostRecord;
import io.costfleet.source.NormalizeResult;
import io.costfleet.source.RawRecord;
import io.costfleet.validation.RecordValidator;
import io.costfleet.validation.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Mapping rules on nested rows shaped as BigQuery returns them (detailed export columns included). */
class GcpBillingNormalizerTest {
  static final ObjectMapper JSON = GcpExportRows.mapper();
  final GcpBillingNormalizer normalizer = new GcpBillingNormalizer();

  static ObjectNode row() throws Exception {
    return (ObjectNode) JSON.readTree("""
        {"billing_account_id":"01A2B3-C4D5E6-F7A8B9",
         "service":{"id":"6F81-5844-456A","description":"Compute Engine"},
         "sku":{"id":"2E27-4F75-95CD","description":"N1 Predefined Instance Core running in Americas"},
         "usage_start_time":"2026-10-05T10:00:00Z","usage_end_time":"2026-10-05T11:00:00Z",
         "project":{"id":"shop-prod","name":"Shop","labels":[{"key":"cost_center","value":"cc-1"},{"key":"team","value":"web"}]},
         "labels":[{"key":"team","value":"checkout"},{"key":"empty","value":null}],
         "system_labels":[{"key":"compute.googleapis.com/machine_spec","value":"n1-standard-4"}],
         "tags":[{"key":"env","value":"prod","namespace":"123456789","inherited":true}],
         "location":{"location":"us-central1","country":"US","region":"us-central1","zone":"us-central1-a"},
         "resource":{"name":"vm-1","global_name":"//compute.googleapis.com/projects/shop-prod/zones/us-central1-a/instances/42"},
         "export_time":"2026-10-05T14:03:00.123Z",
         "cost":12.345678,"cost_at_list":14.5,"currency":"USD","currency_conversion_rate":1.0,
         "usage":{"amount":14400,"unit":"seconds","amount_in_pricing_units":4,"pricing_unit":"hour"},
         "price":{"effective_price":3.0864195,"tier_start_amount":0,"unit":"hour","pricing_unit_quantity":1},
         "credits":[{"name":"Sustained Usage Discount","amount":-1.5,"full_name":null,"id":"","type":"SUSTAINED_USAGE_DISCOUNT"},
                    {"name":"CUD","amount":-2.25,"full_name":"Commitment v1: N1 in us-central1","id":"projects/1/regions/us-central1/commitments/c1","type":"COMMITTED_USAGE_DISCOUNT"}],
         "invoice":{"month":"202610"},"cost_type":"regular",
         "a_column_from_the_future":{"x":1}}
        """);
  }

  List<CostRecord> accept(JsonNode row) {
    NormalizeResult r = normalizer.normalize(new RawRecord<>("t/job=j/page=1/row=0", row), null);
    assertThat(r).isInstanceOf(NormalizeResult.Accepted.class);
    return ((NormalizeResult.Accepted) r).records();
  }

  List<Violation> reject(JsonNode row) {
    NormalizeResult r = normalizer.normalize(new RawRecord<>("t/job=j/page=1/row=0", row), null);
    assertThat(r).isInstanceOf(NormalizeResult.Rejected.class);
    return ((NormalizeResult.Rejected) r).violations();
  }

  @Test
  void detailedRowWithCreditsBecomesAUsageChargeAndOneCreditPerEntry() throws Exception {
    List<CostRecord> out = accept(row());
    assertThat(out).extracting(CostRecord::chargeCategory).containsExactly("Usage", "Credit", "Credit");
    CostRecord usage = out.get(0);
    assertThat(usage.billedCost()).isEqualByComparingTo("12.345678");
    assertThat(usage.effectiveCost()).isEqualByComparingTo("12.345678");
    assertThat(usage.listCost()).isEqualByComparingTo("14.5");
    assertThat(usage.contractedUnitPrice()).isEqualByComparingTo("3.0864195");
    assertThat(usage.resourceId()).startsWith("//compute.googleapis.com/");
    assertThat(usage.resourceName()).isEqualTo("vm-1");
    assertThat(usage.availabilityZone()).isEqualTo("us-central1-a");
    assertThat(usage.serviceCategory()).isEqualTo("Compute");
    assertThat(usage.tags()).containsEntry("cost_center", "cc-1")
        .containsEntry("team", "checkout")
        .containsEntry("empty", "")
        .containsEntry("compute.googleapis.com/machine_spec", "n1-standard-4")
        .containsEntry("123456789/env", "prod");

    CostRecord cud = out.get(2);
    assertThat(cud.billedCost()).isEqualByComparingTo("-2.25");
    assertThat(cud.commitmentDiscountId()).isEqualTo("projects/1/regions/us-central1/commitments/c1");
    assertThat(cud.commitmentDiscountCategory()).isEqualTo("Usage");
    assertThat(cud.commitmentDiscountStatus()).isEqualTo("Used");
    assertThat(out.get(1).commitmentDiscountId()).isNull();
    assertThat(out.stream().map(CostRecord::billedCost).reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add))
        .isEqualByComparingTo("8.595678");
    try (RecordValidator v = new RecordValidator()) {
      out.forEach(r -> assertThat(v.validate(r)).isEmpty());
    }
  }

  @Test
  void theSameRowFetchedTwiceKeysAlikeButALateRowForTheSameHourIsANewCharge() throws Exception {
    List<CostRecord> first = accept(row());
    List<CostRecord> again = accept(row());
    ObjectNode late = row();
    late.put("export_time", "2026-10-08T02:00:00Z");
    List<CostRecord> lateRecords = accept(late);

    assertThat(again).extracting(CostRecord::xSourceRecordHash)
        .containsExactlyElementsOf(first.stream().map(CostRecord::xSourceRecordHash).toList());
    assertThat(lateRecords).extracting(CostRecord::xSourceRecordHash)
        .doesNotContainAnyElementsOf(first.stream().map(CostRecord::xSourceRecordHash).toList());

    ObjectNode otherLabels = row();
    ((com.fasterxml.jackson.databind.node.ArrayNode) otherLabels.get("labels")).removeAll();
    assertThat(accept(otherLabels).get(0).xSourceRecordHash()).isNotEqualTo(first.get(0).xSourceRecordHash());
    ObjectNode projectRelabelled = row();
    ((ObjectNode) projectRelabelled.get("project")).putArray("labels");
    assertThat(accept(projectRelabelled).get(0).xSourceRecordHash()).isEqualTo(first.get(0).xSourceRecordHash());
  }

  @Test
  void costTypesMapToChargeCategories() throws Exception {
    ObjectNode tax = row();
    tax.put("cost_type", "tax");
    CostRecord t = accept(tax).get(0);
    assertThat(t.chargeCategory()).isEqualTo("Tax");
    assertThat(t.pricingQuantity()).isNull();
    assertThat(t.pricingCategory()).isNull();
    assertThat(t.listUnitPrice()).isNull();
    assertThat(t.listCost()).isEqualByComparingTo("12.345678");

    ObjectNode adjustment = row();
    adjustment.put("cost_type", "adjustment").put("usage_start_time", "2026-08-03T00:00:00Z");
    assertThat(accept(adjustment).get(0)).satisfies(a -> {
      assertThat(a.chargeCategory()).isEqualTo("Adjustment");
      assertThat(a.chargeClass()).isEqualTo("Correction");
    });
    ObjectNode rounding = row();
    rounding.put("cost_type", "rounding_error");
    assertThat(accept(rounding).get(0)).satisfies(a -> {
      assertThat(a.chargeCategory()).isEqualTo("Adjustment");
      assertThat(a.chargeClass()).isNull();
    });

    ObjectNode unknown = row();
    unknown.put("cost_type", "surprise");
    assertThat(reject(unknown)).extracting(Violation::field).containsExactly("cost_type");
  }

  @Test
  void localCurrencyKeepsTheUsdAmountAsPricingCurrency() throws Exception {
    ObjectNode eur = row();
    eur.put("currency", "EUR").put("currency_conversion_rate", new java.math.BigDecimal("0.8"));
    CostRecord r = accept(eur).get(0);
    assertThat(r.billingCurrency()).isEqualTo("EUR");
    assertThat(r.pricingCurrency()).isEqualTo("USD");
    assertThat(r.pricingCurrencyEffectiveCost()).isEqualByComparingTo("15.4320975");
  }

  @Test
  void everyUnreadableValueIsReportedAtOnce() throws Exception {
    ObjectNode bad = row();
    bad.put("cost", "twelve").put("usage_end_time", "yesterday").remove("currency");
    bad.put("credits", "[{'amount': oops}]");
    ((ObjectNode) bad.get("invoice")).put("month", "2026-10");
    assertThat(reject(bad)).extracting(Violation::field)
        .containsExactlyInAnyOrder("cost", "usage_end_time", "currency", "credits", "invoice.month");
    assertThat(reject(JSON.getNodeFactory().textNode("{not json"))).extracting(Violation::field).containsExactly("record");
  }
}
