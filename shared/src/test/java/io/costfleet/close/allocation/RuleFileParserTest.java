package io.costfleet.close.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleFileParserTest {
  static AllocationRules parse(String yaml) throws RuleFileException {
    return RuleFileParser.parse(yaml, "rules.yaml", null, DriverRegistry.builtins());
  }

  static void rejected(String yaml, int line, String message) {
    assertThatThrownBy(() -> parse(yaml)).isInstanceOf(RuleFileException.class)
        .hasMessageContaining("rules.yaml line " + line + ": ").hasMessageContaining(message)
        .satisfies(e -> assertThat(((RuleFileException) e).line()).isEqualTo(line));
  }

  @Test
  void yamlThatDoesNotParseIsRejectedWithItsLine() {
    rejected("""
        version: 1
        tags:
          - name: a
            key: [unclosed
        """, 5, "not valid YAML");
    rejected("""
        version: 1
        version: 2
        """, 2, "duplicate key 'version'");
  }

  @Test
  void anUnknownDriverIsRejectedWithItsLineAndTheKnownDrivers() {
    rejected("""
        version: 1
        shared:
          - name: db
            driver: db-consumption
        """, 4, "unknown driver 'db-consumption' (known: compute-spend, fixed-weights, usage-quantity)");
  }

  @Test
  void mistakesAreNamedWhereTheyAre() {
    rejected("tags: []\n", 1, "needs a 'version'");
    rejected("""
        version: 1
        hierachy: []
        """, 2, "unknown key 'hierachy'");
    rejected("""
        version: 1
        shared:
          - name: s
            driver: fixed-weights
            weights: { a: 1 }
            wieghts: { b: 2 }
        """, 6, "unknown key 'wieghts' for driver 'fixed-weights'");
    rejected("""
        version: 1
        shared:
          - name: s
            driver: fixed-weights
            weights: { a: 0 }
        """, 5, "at least one positive weight");
    rejected("""
        version: 1
        cost_centers: { cc-a: bu }
        hierarchy:
          - name: h
            match: { account: "1" }
            cost_center: cc-b
        """, 6, "cost center 'cc-b' is not listed");
    rejected("""
        version: 1
        hierarchy:
          - name: h
            match: { acount: "1" }
            cost_center: x
        """, 4, "unknown match key 'acount'");
    rejected("""
        version: 1
        tags:
          - { name: t, key: cost_center }
          - { name: t, key: owner }
        """, 4, "rule name 't' is used twice");
    rejected("""
        version: 1
        shared:
          - name: u
            driver: usage-quantity
        """, 3, "needs 'unit'");
  }

  @Test
  void tagKeysAreNormalizedAndMatchesAreCaseInsensitiveGlobs() throws Exception {
    AllocationRules rules = parse("""
        version: v7
        tags:
          - name: t
            key: " Cost-Center "
        hierarchy:
          - name: h
            match: { provider: AZURE, resource_group: "rg-web*" }
            cost_center: web
        shared:
          - name: nat
            match: { usage_type: "*natgateway*" }
            driver: fixed-weights
            weights: { web: 1 }
        """);
    RuleEvaluator eval = new RuleEvaluator(rules);
    AllocationKey tagged = new AllocationKey(Map.of(Attribute.PROVIDER, "aws"), TagKeys.normalizeAll(Map.of("COST CENTER", " cc-1 ")));
    assertThat(eval.place(tagged)).isEqualTo(new Placement.Direct("cc-1", "unassigned", "t", Placement.Method.TAG));
    AllocationKey rg = new AllocationKey(Map.of(Attribute.PROVIDER, "azure", Attribute.RESOURCE_ID,
        "/subscriptions/s/resourceGroups/RG-Web-Prod/providers/x"), Map.of());
    assertThat(eval.place(rg)).isEqualTo(new Placement.Direct("web", "unassigned", "h", Placement.Method.HIERARCHY));
    AllocationKey nat = new AllocationKey(Map.of(Attribute.PROVIDER, "aws", Attribute.USAGE_TYPE, "USE1-NatGateway-Bytes"), Map.of());
    assertThat(eval.place(nat)).isInstanceOfSatisfying(Placement.Shared.class, s -> assertThat(s.rule().name()).isEqualTo("nat"));
    assertThat(eval.place(new AllocationKey(Map.of(Attribute.PROVIDER, "gcp"), Map.of())))
        .isEqualTo(new Placement.Direct("unallocated", "unallocated", "unallocated", Placement.Method.UNALLOCATED));
    assertThat(rules.attributes()).contains(Attribute.TAGS, Attribute.PROVIDER, Attribute.RESOURCE_ID, Attribute.USAGE_TYPE);
  }

  @Test
  void aDriverAddedThroughTheRegistryIsAccepted() throws Exception {
    AllocationDriver custom = new AllocationDriver() {
      @Override
      public String name() {
        return "db-consumption";
      }

      @Override
      public Configured configure(DriverParameters p) throws RuleFileException {
        String telemetry = p.string("telemetry");
        return new Configured() {
          @Override
          public boolean perResource() {
            return true;
          }

          @Override
          public Map<String, BigDecimal> weights(PoolSlice slice, DriverContext context) {
            return Map.of(telemetry, BigDecimal.ONE);
          }
        };
      }
    };
    AllocationRules rules = RuleFileParser.parse("""
        version: 1
        shared:
          - name: db
            match: { resource_id: "*postgres*" }
            driver: db-consumption
            telemetry: tenants.csv
        """, "rules.yaml", null, DriverRegistry.builtins().with(custom));
    assertThat(rules.sharedRules()).singleElement().satisfies(r -> assertThat(r.driver().perResource()).isTrue());
    assertThat(rules.attributes()).contains(Attribute.RESOURCE_ID);
  }
}
