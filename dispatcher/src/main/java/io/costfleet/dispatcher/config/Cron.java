package io.costfleet.dispatcher.config;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import java.util.Objects;

/**
 * A schedule: a Quartz cron expression as the Quarkus Scheduler reads it, or {@code off}/{@code disabled}.
 * Converted with the configuration, so a bad schedule fails the start naming its key (the scheduler itself
 * would not name it).
 */
public record Cron(String expression) {
  private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

  public Cron {
    Objects.requireNonNull(expression, "expression");
    if (!off(expression)) {
      try {
        PARSER.parse(expression).validate();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'" + expression + "' is not a Quartz cron expression (e.g. \"0 15 2 * * ?\")"
            + " or off: " + e.getMessage(), e);
      }
    }
  }

  /** The configuration's converter (its message names the problem; SmallRye adds the key). */
  public static final class Converter implements org.eclipse.microprofile.config.spi.Converter<Cron> {
    @Override
    public Cron convert(String value) {
      return new Cron(value.strip());
    }
  }

  public boolean disabled() {
    return off(expression);
  }

  private static boolean off(String s) {
    return s.equals("off") || s.equals("disabled");
  }

  @Override
  public String toString() {
    return expression;
  }
}
