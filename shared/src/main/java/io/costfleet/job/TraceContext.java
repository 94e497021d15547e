package io.costfleet.job;

import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A W3C Trace Context ({@code traceparent}) carried by a job message: the dispatcher starts a trace
 * when it publishes a job, retries, dead letters and replays keep the header, and the worker logs the
 * trace id and its own span id with every line of the job. No tracing library is involved; the ids
 * follow the W3C format so a collector or a log search can join them with other traces.
 *
 * @param traceId 32 lower-case hex digits, not all zero
 * @param spanId  16 lower-case hex digits, not all zero
 * @param sampled the {@code sampled} trace flag
 */
public record TraceContext(String traceId, String spanId, boolean sampled) {
  /** The AMQP header (and HTTP header) name. */
  public static final String HEADER = "traceparent";
  /** MDC keys the worker runtime sets (the names Micrometer Tracing uses). */
  public static final String MDC_TRACE_ID = "traceId";
  public static final String MDC_SPAN_ID = "spanId";

  private static final Pattern TRACEPARENT = Pattern.compile(
      "([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");
  private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern SPAN_ID = Pattern.compile("[0-9a-f]{16}");

  public TraceContext {
    if (traceId == null || !TRACE_ID.matcher(traceId).matches() || traceId.chars().allMatch(c -> c == '0')) {
      throw new IllegalArgumentException("trace id must be 32 lower-case hex digits, not all zero: " + traceId);
    }
    if (spanId == null || !SPAN_ID.matcher(spanId).matches() || spanId.chars().allMatch(c -> c == '0')) {
      throw new IllegalArgumentException("span id must be 16 lower-case hex digits, not all zero: " + spanId);
    }
  }

  /** A new trace with a new span, sampled. */
  public static TraceContext newRoot() {
    return new TraceContext(randomHex(16), randomHex(8), true);
  }

  /** A new span of this trace. */
  public TraceContext child() {
    return new TraceContext(traceId, randomHex(8), sampled);
  }

  /** The {@code traceparent} header value: {@code 00-<trace id>-<span id>-<flags>}. */
  public String traceparent() {
    return "00-" + traceId + "-" + spanId + (sampled ? "-01" : "-00");
  }

  /**
   * Reads a {@code traceparent} header value (a String or the broker's LongString); empty when
   * absent or not valid per the W3C rules (version {@code ff}, all-zero ids, a version-00 value with
   * trailing fields), so a bad header never fails a job.
   */
  public static Optional<TraceContext> parse(Object header) {
    if (header == null) {
      return Optional.empty();
    }
    var m = TRACEPARENT.matcher(header.toString().trim());
    if (!m.matches() || m.group(1).equals("ff") || (m.group(1).equals("00") && m.group(5) != null)) {
      return Optional.empty();
    }
    try {
      int flags = Integer.parseInt(m.group(4), 16);
      return Optional.of(new TraceContext(m.group(2), m.group(3), (flags & 1) == 1));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    do {
      ThreadLocalRandom.current().nextBytes(b);
    } while (allZero(b));
    return HexFormat.of().formatHex(b);
  }

  private static boolean allZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }
}
