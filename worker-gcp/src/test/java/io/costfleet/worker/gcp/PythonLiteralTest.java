package io.costfleet.worker.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class PythonLiteralTest {
  @Test
  void parsesPythonReprOfCreditsExactly() {
    JsonNode n = PythonLiteral.parse("[{'name': 'FreeTrial:Credit-1', 'amount': -5e-06, 'full_name': None, "
        + "'id': 'x', 'type': 'PROMOTION', 'flag': True}]");
    assertThat(n.isArray()).isTrue();
    assertThat(n.get(0).get("amount").decimalValue()).isEqualByComparingTo("-0.000005");
    assertThat(n.get(0).get("full_name").isNull()).isTrue();
    assertThat(n.get(0).get("flag").booleanValue()).isTrue();
  }

  @Test
  void parsesJsonQuotesEscapesTuplesAndTrailingCommas() {
    JsonNode n = PythonLiteral.parse("[{\"key\": \"it\\'s \\\"q\\\" \\u00e9\", 'v': (1, 2,),},]");
    assertThat(n.get(0).get("key").asText()).isEqualTo("it's \"q\" é");
    assertThat(n.get(0).get("v").size()).isEqualTo(2);
    assertThat(PythonLiteral.parse(" [] ").size()).isZero();
  }

  @Test
  void rejectsWhatIsNotALiteral() {
    assertThatThrownBy(() -> PythonLiteral.parse("[{'a': oops}]")).hasMessageContaining("offset");
    assertThatThrownBy(() -> PythonLiteral.parse("[1, 2")).hasMessageContaining("expected");
    assertThatThrownBy(() -> PythonLiteral.parse("[1] x")).hasMessageContaining("after the value");
    assertThatThrownBy(() -> PythonLiteral.parse("'open")).hasMessageContaining("unterminated");
  }
}
