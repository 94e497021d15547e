package io.costfleet.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.LongString;
import com.rabbitmq.client.impl.LongStringHelper;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TraceContextTest {
  private static final String W3C_EXAMPLE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Test
  void readsTheW3cExampleAndWritesItBack() {
    TraceContext t = TraceContext.parse(W3C_EXAMPLE).orElseThrow();
    assertThat(t.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(t.spanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(t.sampled()).isTrue();
    assertThat(t.traceparent()).isEqualTo(W3C_EXAMPLE);
    LongString fromTheBroker = LongStringHelper.asLongString(W3C_EXAMPLE);
    assertThat(TraceContext.parse(fromTheBroker)).contains(t);
    assertThat(TraceContext.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00").orElseThrow().sampled())
        .isFalse();
  }

  @Test
  void invalidValuesAreIgnoredNotFatal() {
    for (String bad : new String[] {"", "garbage", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x",
        "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01"}) {
      assertThat(TraceContext.parse(bad)).as(bad).isEqualTo(Optional.empty());
    }
    assertThat(TraceContext.parse(null)).isEmpty();
    // a later version may add fields
    assertThat(TraceContext.parse("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-more")).isPresent();
  }

  @Test
  void aChildKeepsTheTraceAndTakesANewSpan() {
    TraceContext root = TraceContext.newRoot();
    TraceContext child = root.child();
    assertThat(child.traceId()).isEqualTo(root.traceId());
    assertThat(child.spanId()).isNotEqualTo(root.spanId()).hasSize(16);
    assertThat(TraceContext.parse(root.traceparent())).contains(root);
    assertThat(TraceContext.newRoot().traceId()).isNotEqualTo(root.traceId()).hasSize(32);
  }
}
