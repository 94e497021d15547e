package io.costfleet.worker.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GcpPropertiesTest {
  static GcpProperties with(String project, int pageSize, List<GcpProperties.Account> accounts) {
    return new GcpProperties(project, "US", null, "adc", pageSize, 6, accounts);
  }

  static GcpProperties.Account account(String id, String table) {
    return new GcpProperties.Account(id, table, true);
  }

  @Test
  void aBadValueFailsNamingItsKey() {
    assertThatThrownBy(() -> with("X", 10, List.of())).hasMessageContaining("costfleet.gcp.project-id");
    assertThatThrownBy(() -> with("finops-prj", 0, List.of())).hasMessageContaining("costfleet.gcp.page-size");
    assertThatThrownBy(() -> with("finops-prj", 10, List.of(account("nope", "a-proj.b.c"))))
        .hasMessageContaining("costfleet.gcp.accounts[0].id");
    assertThatThrownBy(() -> with("finops-prj", 10, List.of(account("01A2B3-C4D5E6-F7A8B9", "x"))))
        .hasMessageContaining("costfleet.gcp.accounts[0].table");
    assertThatThrownBy(() -> with("finops-prj", 10, List.of(account("01A2B3-C4D5E6-F7A8B9", "a-proj.b.c"),
        account("01A2B3-C4D5E6-F7A8B9", "a-proj.b.d")))).hasMessageContaining("costfleet.gcp.accounts[1].id");
    assertThatThrownBy(() -> new GcpProperties("finops-prj", "US", "not a url", "adc", 10, 6, null))
        .hasMessageContaining("costfleet.gcp.host");
  }

  @Test
  void findsTheTableOfAnAccount() {
    GcpProperties p = with("finops-prj", 10, List.of(account("01A2B3-C4D5E6-F7A8B9", "a-proj.b.c")));
    assertThat(p.table("01A2B3-C4D5E6-F7A8B9").id()).isEqualTo("a-proj.b.c");
    assertThat(p.table("01A2B3-C4D5E6-000000")).isNull();
    assertThat(p.rateLimitScope()).isEqualTo("bigquery");
  }
}
