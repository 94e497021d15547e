package io.costfleet.worker.azure;

import com.azure.core.http.HttpHeader;
import com.azure.core.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads Cost Management's throttling headers: {@code Retry-After} and
 * {@code x-ms-ratelimit-microsoft.costmanagement-{qpu,entity,tenant}-retry-after} (the longest
 * wins), and the {@code -remaining} quotas (the smallest wins).
 */
final class AzureRateLimitSignals {
  private AzureRateLimitSignals() {}

  static Optional<Duration> retryAfter(HttpHeaders headers, Instant now) {
    Duration longest = null;
    for (HttpHeader h : headers) {
      String name = h.getName().toLowerCase(Locale.ROOT);
      if (name.equals("retry-after") || name.startsWith("x-ms-ratelimit-") && name.endsWith("-retry-after")) {
        Optional<Duration> d = seconds(h.getValue());
        if (d.isPresent() && (longest == null || d.get().compareTo(longest) > 0)) {
          longest = d.get();
        }
      }
    }
    return Optional.ofNullable(longest);
  }

  static OptionalLong remaining(HttpHeaders headers) {
    long min = Long.MAX_VALUE;
    for (HttpHeader h : headers) {
      String name = h.getName().toLowerCase(Locale.ROOT);
      if (name.startsWith("x-ms-ratelimit-") && (name.endsWith("-remaining") || name.startsWith("x-ms-ratelimit-remaining-"))) {
        for (String part : h.getValue().split("[,;]")) {
          String digits = part.replaceAll("^.*[:=]", "").strip();
          try {
            min = Math.min(min, Long.parseLong(digits));
          } catch (NumberFormatException ignored) {
            // a quota this reader does not understand is not a limit it can honour
          }
        }
      }
    }
    return min == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(Math.max(0, min));
  }

  private static Optional<Duration> seconds(String value) {
    try {
      return Optional.of(Duration.ofMillis(Math.round(Double.parseDouble(value.strip()) * 1000)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
