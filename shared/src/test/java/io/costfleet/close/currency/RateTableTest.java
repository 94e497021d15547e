package io.costfleet.close.currency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateTableTest {
  static RateTable parse(String... lines) {
    return RateTable.parse(List.of(lines), "rates.csv");
  }

  @Test
  void aRateAppliesFromItsDayUntilTheNextAndConversionIsExact() throws Exception {
    RateTable t = parse("# comment", "base_currency,currency,valid_from,rate", "USD,EUR,2026-10-01,1.0842",
        "USD,EUR,2026-10-16,1.0790", "usd,jpy,2026-10-01,0.0066");
    assertThat(t.baseCurrency()).isEqualTo("USD");
    assertThat(t.convert(new BigDecimal("100.005"), "EUR", LocalDate.of(2026, 10, 15))).isEqualByComparingTo("108.4254210");
    assertThat(t.convert(new BigDecimal("100"), "EUR", LocalDate.of(2026, 10, 16))).isEqualByComparingTo("107.90");
    assertThat(t.convert(new BigDecimal("1000"), "JPY", LocalDate.of(2026, 10, 31))).isEqualByComparingTo("6.6");
    assertThat(t.convert(new BigDecimal("1.23"), "USD", LocalDate.of(2020, 1, 1))).isEqualByComparingTo("1.23");
    assertThatThrownBy(() -> t.convert(BigDecimal.ONE, "EUR", LocalDate.of(2026, 9, 30)))
        .hasMessage("no exchange rate from EUR to USD in force on 2026-09-30");
    assertThatThrownBy(() -> t.convert(BigDecimal.ONE, "GBP", LocalDate.of(2026, 10, 1)))
        .isInstanceOf(RateTable.MissingRateException.class);
  }

  @Test
  void badFilesAreRejectedWithTheLine() {
    assertThatThrownBy(() -> parse("currency,rate")).hasMessageContaining("rates.csv line 1: header must be");
    assertThatThrownBy(() -> parse("base_currency,currency,valid_from,rate", "USD,EUR,2026-10-01,1.1", "GBP,EUR,2026-10-02,1.2"))
        .hasMessageContaining("line 3: base currency GBP differs from USD");
    assertThatThrownBy(() -> parse("base_currency,currency,valid_from,rate", "USD,EUR,2026-13-01,1.1"))
        .hasMessageContaining("line 2:");
    assertThatThrownBy(() -> parse("base_currency,currency,valid_from,rate", "USD,EUR,2026-10-01,-1"))
        .hasMessageContaining("line 2: rate must be positive");
    assertThatThrownBy(() -> parse("base_currency,currency,valid_from,rate", "USD,EUR,2026-10-01,1", "USD,EUR,2026-10-01,2"))
        .hasMessageContaining("line 3: second rate for EUR from 2026-10-01");
  }
}
