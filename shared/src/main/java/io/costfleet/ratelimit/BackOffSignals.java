package io.costfleet.ratelimit;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a provider's response headers say about its rate limits, parsed once for every source:
 * how long to back off, and how many calls remain. Pure: no clock of its own, no I/O.
 *
 * <ul>
 *   <li>Back-off: {@code Retry-After} (delta-seconds or HTTP-date), {@code retry-after-ms},
 *       {@code x-ms-retry-after-ms}, and every Azure {@code x-ms-ratelimit-*-retry-after} in seconds
 *       (Cost Management's {@code x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after},
 *       {@code -entity-retry-after}, {@code -tenant-retry-after}, {@code -clienttype-retry-after},
 *       {@code x-ms-ratelimit-microsoft.consumption-retry-after}); the longest wins.</li>
 *   <li>Remaining: every {@code x-ms-ratelimit-remaining-*} (ARM's {@code -subscription-reads: 11999},
 *       Cost Management's {@code -microsoft.costmanagement-entity-requests: DefaultQuota:3}) and
 *       {@code x-ms-ratelimit-microsoft.costmanagement-qpu-remaining}
 *       ({@code QueriesPerHour:577,QueriesPerMin:59}); one {@link Remaining} per quota, its window
 *       read from the quota's name where it has one.</li>
 * </ul>
 */
public final class BackOffSignals {
  private static final Pattern QUOTA = Pattern.compile("\\s*(?:([A-Za-z][\\w.-]*)\\s*[:=]\\s*)?(-?\\d+)\\s*");
  private static final Pattern WINDOW = Pattern.compile("per(\\d*)(second|sec|minute|min|hour|day)s?$",
      Pattern.CASE_INSENSITIVE);

  /** A quota the provider reported: {@code calls} left in it, within {@code window} if its name says so. */
  public record Remaining(String header, String quota, long calls, Optional<Duration> window) {
    /** Calls per second this quota allows from now on, spreading them over its window or {@code defaultWindow}. */
    public double rate(Duration defaultWindow) {
      return calls / (window.orElse(defaultWindow).toNanos() / 1e9);
    }
  }

  private final Map<String, List<String>> headers;

  private BackOffSignals(Map<String, List<String>> headers) {
    this.headers = headers;
  }

  /** From multi-valued headers ({@code java.net.http.HttpHeaders.map()}, AWS {@code SdkHttpResponse.headers()}). */
  public static BackOffSignals of(Map<String, ? extends Collection<String>> headers) {
    Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> {
      if (name != null && values != null) {
        h.computeIfAbsent(name, k -> new ArrayList<>()).addAll(values);
      }
    });
    return new BackOffSignals(h);
  }

  /** From single-valued headers (Azure {@code HttpHeaders.toMap()}). */
  public static BackOffSignals ofSingleValued(Map<String, String> headers) {
    Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, value) -> {
      if (name != null && value != null) {
        h.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      }
    });
    return new BackOffSignals(h);
  }

  /** The longest back-off any header asks for, measured from {@code now} (the response's arrival). */
  public Optional<Duration> retryAfter(Instant now) {
    Duration longest = null;
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      String name = e.getKey().toLowerCase(Locale.ROOT);
      for (String value : e.getValue()) {
        Optional<Duration> d = Optional.empty();
        if (name.equals("retry-after")) {
          d = parseRetryAfter(value, now);
        } else if (name.equals("retry-after-ms") || name.equals("x-ms-retry-after-ms")) {
          d = seconds(value).map(s -> Duration.ofNanos(s.movePointLeft(3).movePointRight(9).longValue()));
        } else if (name.startsWith("x-ms-ratelimit-") && name.endsWith("-retry-after")) {
          d = parseRetryAfter(value, now);
        }
        if (d.isPresent() && (longest == null || d.get().compareTo(longest) > 0)) {
          longest = d.get();
        }
      }
    }
    return Optional.ofNullable(longest);
  }

  /** Every remaining-quota figure, in header order. */
  public List<Remaining> remaining() {
    List<Remaining> out = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      String name = e.getKey().toLowerCase(Locale.ROOT);
      boolean remainingHeader = name.startsWith("x-ms-ratelimit-remaining-")
          || (name.startsWith("x-ms-ratelimit-") && name.endsWith("-remaining"));
      if (!remainingHeader) {
        continue;
      }
      for (String value : e.getValue()) {
        for (String part : value.split("[,;]")) {
          Matcher m = QUOTA.matcher(part);
          if (m.matches()) {
            String quota = m.group(1) == null ? name : m.group(1);
            out.add(new Remaining(name, quota, Math.max(0, Long.parseLong(m.group(2))), window(quota)));
          }
        }
      }
    }
    return out;
  }

  /** The quota that allows the fewest calls per second, spreading each over its window or {@code defaultWindow}. */
  public Optional<Remaining> tightest(Duration defaultWindow) {
    return remaining().stream().min(Comparator.comparingDouble(r -> r.rate(defaultWindow)));
  }

  /**
   * A {@code Retry-After} value: delta-seconds ({@code 120}, decimals tolerated) or an HTTP-date
   * ({@code Wed, 21 Oct 2026 07:28:00 GMT}), as a duration from {@code now}; a date in the past is
   * zero; anything else is empty.
   */
  public static Optional<Duration> parseRetryAfter(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    Optional<BigDecimal> s = seconds(value);
    if (s.isPresent()) {
      return Optional.of(Duration.ofNanos(s.get().movePointRight(9).longValue()));
    }
    try {
      Instant at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Optional<BigDecimal> seconds(String value) {
    try {
      BigDecimal s = new BigDecimal(value.strip());
      return s.signum() < 0 || s.compareTo(BigDecimal.valueOf(365L * 24 * 3600)) > 0 ? Optional.empty() : Optional.of(s);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<Duration> window(String quota) {
    Matcher m = WINDOW.matcher(quota);
    if (!m.find()) {
      return Optional.empty();
    }
    long n = m.group(1).isEmpty() ? 1 : Long.parseLong(m.group(1));
    Duration unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "second", "sec" -> Duration.ofSeconds(1);
      case "minute", "min" -> Duration.ofMinutes(1);
      case "hour" -> Duration.ofHours(1);
      default -> Duration.ofDays(1);
    };
    return Optional.of(unit.multipliedBy(n));
  }
}
