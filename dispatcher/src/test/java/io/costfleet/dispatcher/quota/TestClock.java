package io.costfleet.dispatcher.quota;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The dispatcher's clock in Quarkus tests: the system clock until a test {@link #set}s it (quota answers then
 * have exact staleness and forecasts); {@link #reset} goes back to the system clock.
 */
@ApplicationScoped
public class TestClock {
  private static volatile Instant fixed;

  private static final Clock CLOCK = new Clock() {
    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      Instant f = fixed;
      return f != null ? f : Instant.now();
    }
  };

  public static void set(Instant now) {
    fixed = now;
  }

  public static void reset() {
    fixed = null;
  }

  @Produces
  @Alternative
  @Priority(1)
  @Singleton
  Clock clock() {
    return CLOCK;
  }
}
