package io.costfleet.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;

/**
 * One look at the fleet: the period's jobs by state (dispatcher API) and the workers' counters
 * (their Prometheus endpoints), as the progress line shows them.
 *
 * @param status      the period's status ({@code open}, {@code closing}, {@code closed}, {@code failed})
 * @param total       current jobs of the period
 * @param done        jobs done
 * @param running     jobs running
 * @param waiting     jobs pending or unpublished (queued, or waiting in the retry queue)
 * @param failed      jobs dead-lettered
 * @param staged      records staged by the workers
 * @param quarantined raw records quarantined
 * @param throttles   throttled provider calls
 * @param retries     job retries through the delay queue
 */
record FleetProgress(String status, long total, long done, long running, long waiting, long failed, long staged,
    long quarantined, long throttles, long retries) {

  static FleetProgress of(JsonNode period, Map<String, String> metricsText) {
    JsonNode jobs = period.path("jobs");
    long total = 0;
    for (JsonNode n : jobs) {
      total += n.asLong();
    }
    long staged = 0;
    long quarantined = 0;
    long throttles = 0;
    long retries = 0;
    for (String text : metricsText.values()) {
      staged += sum(text, "costfleet_records_total", "outcome=\"staged\"");
      quarantined += sum(text, "costfleet_records_total", "outcome=\"quarantined\"");
      throttles += sum(text, "costfleet_throttles_total", null);
      retries += sum(text, "costfleet_jobs_total", "outcome=\"retried\"");
    }
    return new FleetProgress(period.path("status").asText("?"), total, jobs.path("done").asLong(),
        jobs.path("running").asLong(), jobs.path("pending").asLong() + jobs.path("unpublished").asLong(),
        jobs.path("failed").asLong(), staged, quarantined, throttles, retries);
  }

  /** Sum of a Prometheus counter's samples, optionally only those whose labels contain {@code label}. */
  static long sum(String text, String metric, String label) {
    double total = 0;
    for (String line : text.split("\n")) {
      if (!line.startsWith(metric + "{") && !line.startsWith(metric + " ")) {
        continue;
      }
      int close = line.lastIndexOf('}');
      String labels = close < 0 ? "" : line.substring(0, close);
      if (label != null && !labels.contains(label)) {
        continue;
      }
      String[] parts = line.substring(close < 0 ? metric.length() : close + 1).strip().split("\\s+");
      try {
        total += Double.parseDouble(parts[0]);
      } catch (NumberFormatException ignored) {
        // not a sample line
      }
    }
    return Math.round(total);
  }

  String line(long elapsedSeconds, String note) {
    return String.format(Locale.ROOT, "[%3ds] jobs %d/%d done, %d running, %d waiting%s | records %,d staged, %,d "
            + "quarantined | throttled calls %d | job retries %d | period %s%s", elapsedSeconds, done, total, running,
        waiting, failed > 0 ? ", " + failed + " FAILED" : "", staged, quarantined, throttles, retries, status,
        note.isEmpty() ? "" : " | " + note);
  }
}
