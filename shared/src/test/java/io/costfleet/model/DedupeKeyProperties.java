package io.costfleet.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class DedupeKeyProperties {

  @Provide
  Arbitrary<DedupeKey> keys() {
    Arbitrary<String> s = Arbitraries.strings().ofMaxLength(12).injectNull(0.1);
    Arbitrary<Instant> t = Arbitraries.longs().between(0, 4_000_000_000L).map(Instant::ofEpochSecond).injectNull(0.1);
    return Combinators.combine(
        Arbitraries.of("aws", "gcp", "azure"), s, s, s, s, t, t,
        Combinators.combine(s, s, s, Arbitraries.strings().ofMaxLength(6).list().ofMaxSize(3)).as((x, y, z, w) -> java.util.Arrays.asList(x, y, z, w)))
        .as((p, ba, sa, line, res, start, end, rest) -> new DedupeKey(p, ba, sa, line, res, start, end,
            (String) rest.get(0), (String) rest.get(1), (String) rest.get(2), castList(rest.get(3))));
  }

  @SuppressWarnings("unchecked")
  private static List<String> castList(Object o) {
    return (List<String>) o;
  }

  @Property
  void equalInputsGiveEqualKeys(@ForAll("keys") DedupeKey key) {
    DedupeKey copy = new DedupeKey(key.provider(), key.billingAccountId(), key.subAccountId(), key.lineItemId(),
        key.resourceId(), key.chargePeriodStart(), key.chargePeriodEnd(), key.skuOrMeter(), key.chargeCategory(),
        key.pricingCategory(), List.copyOf(key.discriminators()));
    assertThat(copy.hash()).isEqualTo(key.hash()).hasSize(64);
  }

  @Property
  void changingAnyKeyFieldChangesTheKey(@ForAll("keys") DedupeKey key, @ForAll @IntRange(min = 0, max = 10) int field,
      @ForAll("changes") String change) {
    DedupeKey changed = change(key, field, change);
    if (changed == null || changed.equals(key)) {
      return;
    }
    if (key.lineItemId() != null && field >= 4 && field <= 9) {
      return; // a line-item key does not use the attribute fields
    }
    assertThat(changed.hash()).isNotEqualTo(key.hash());
  }

  @Provide
  Arbitrary<String> changes() {
    return Arbitraries.strings().ofMinLength(1).ofMaxLength(5);
  }

  private static DedupeKey change(DedupeKey k, int field, String v) {
    Instant t = Instant.ofEpochSecond(Math.abs((long) v.hashCode()) + 5_000_000_000L);
    return switch (field) {
      case 0 -> new DedupeKey(k.provider() + v, k.billingAccountId(), k.subAccountId(), k.lineItemId(), k.resourceId(), k.chargePeriodStart(), k.chargePeriodEnd(), k.skuOrMeter(), k.chargeCategory(), k.pricingCategory(), k.discriminators());
      case 1 -> new DedupeKey(k.provider(), k.billingAccountId() + v, k.subAccountId(), k.lineItemId(), k.resourceId(), k.chargePeriodStart(), k.chargePeriodEnd(), k.skuOrMeter(), k.chargeCategory(), k.pricingCategory(), k.discriminators());
      case 2 -> new DedupeKey(k.provider(), k.billingAccountId(), k.subAccountId() + v, k.lineItemId(), k.resourceId(), k.chargePeriodStart(), k.chargePeriodEnd(), k.skuOrMeter(), k.chargeCategory(), k.pricingCategory(), k.discriminators());
      case 3 -> k.lineItemId() == null ? null : new DedupeKey(k.provider(), k.billingAccountId(), k.subAccountId(), k.lineItemId() + v, k.resourceId(), k.chargePeriodStart(), k.chargePeriodEnd(), k.skuOrMeter(), k.chargeCategory(), k.pricingCategory(), k.discriminators());
      case 4 -> new DedupeKey(k.provider(), k.billingAccountId(), k.subAccountId(), k.lineItemId(), k.resourceId() + v, k.chargePeriodStart(), k.chargePeriodEnd(), k.skuOrMeter(), k.chargeCategory(), k.pricingCategory(), k.discriminators());
      case 5 -> new DedupeKey(k.provider(), k.billingAccountId(), k.subAccountId(), k.lineItemId(), k.resourceId(), t, k.chargePeriodEnd(), k.skuOrMeter(), k.chargeCategory(), k.pricingCategory(), k.discriminators());
      case 6 -> new DedupeKey(k.provider(), k.billingAccountId(), k.subAccountId(), k.lineItemId(), k.resourceId(), k.chargePeriodStart(), t, k.skuOrMeter(), k.chargeCategory(), k.pricingCategory(), k.discriminators());
      case 7 -> new DedupeKey(k.provider(), k.billingAccountId(), k.subAccountId(), k.lineItemId(), k.resourceId(), k.chargePeriodStart(), k.chargePeriodEnd(), k.skuOrMeter() + v, k.chargeCategory(), k.pricingCategory(), k.discriminators());
      case 8 -> new DedupeKey(k.provider(), k.billingAccountId(), k.subAccountId(), k.lineItemId(), k.resourceId(), k.chargePeriodStart(), k.chargePeriodEnd(), k.skuOrMeter(), k.chargeCategory() + v, k.pricingCategory(), k.discriminators());
      case 9 -> new DedupeKey(k.provider(), k.billingAccountId(), k.subAccountId(), k.lineItemId(), k.resourceId(), k.chargePeriodStart(), k.chargePeriodEnd(), k.skuOrMeter(), k.chargeCategory(), k.pricingCategory() + v, k.discriminators());
      default -> {
        List<String> d = new java.util.ArrayList<>(k.discriminators());
        d.add(v);
        yield new DedupeKey(k.provider(), k.billingAccountId(), k.subAccountId(), k.lineItemId(), k.resourceId(), k.chargePeriodStart(), k.chargePeriodEnd(), k.skuOrMeter(), k.chargeCategory(), k.pricingCategory(), d);
      }
    };
  }

  @Property
  void fieldBoundariesCannotBeShifted(@ForAll String a, @ForAll String b) {
    DedupeKey one = DedupeKey.ofLineItem("aws", a + b, "", "x");
    DedupeKey two = DedupeKey.ofLineItem("aws", a, b, "x");
    if (!b.isEmpty()) {
      assertThat(one.hash()).isNotEqualTo(two.hash());
    }
  }
}
