package io.costfleet.job;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One unit of extraction work: a provider's source, one account, one billing period, one dataset,
 * one window (and optionally one {@code part} of the source, such as a CUR report file).
 *
 * <p>The {@code jobId} is derived from {@code (provider, source, accountId, billingPeriod, dataset,
 * window, part, generation)}, so enqueuing the same job twice yields the same id and the second
 * enqueue is a no-op. {@code priority}, {@code requestedAt} and {@code attempt} are not part of the
 * identity. A restatement re-sync bumps {@code generation}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExtractionJob(
    String jobId,
    Provider provider,
    String source,
    String accountId,
    @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = "yyyy-MM") YearMonth billingPeriod,
    Dataset dataset,
    Window window,
    String part,
    int priority,
    int generation,
    Instant requestedAt,
    int attempt) {

  public ExtractionJob {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(billingPeriod, "billingPeriod");
    Objects.requireNonNull(dataset, "dataset");
    if (window == null) {
      window = Window.of(billingPeriod);
    }
    Priority.check(priority);
    String expected = idOf(provider, source, accountId, billingPeriod, dataset, window, part, generation);
    if (jobId == null) {
      jobId = expected;
    } else if (!jobId.equals(expected)) {
      throw new IllegalArgumentException("jobId " + jobId + " does not match its fields (expected " + expected + ")");
    }
  }

  /** A new job at attempt 0, requested now. */
  public static ExtractionJob of(Provider provider, String source, String accountId, YearMonth period,
      Dataset dataset, Window window, String part, int priority, int generation, Instant requestedAt) {
    return new ExtractionJob(null, provider, source, accountId, period, dataset, window, part, priority,
        generation, requestedAt, 0);
  }

  /** The whole-period job of a source. */
  public static ExtractionJob of(Provider provider, String source, String accountId, YearMonth period,
      Dataset dataset, int priority, Instant requestedAt) {
    return of(provider, source, accountId, period, dataset, null, null, priority, 0, requestedAt);
  }

  /** The same job, one attempt further. */
  public ExtractionJob nextAttempt() {
    return new ExtractionJob(jobId, provider, source, accountId, billingPeriod, dataset, window, part, priority,
        generation, requestedAt, attempt + 1);
  }

  /** The same job with its attempt counter reset (operator replay). */
  public ExtractionJob resetAttempts() {
    return new ExtractionJob(jobId, provider, source, accountId, billingPeriod, dataset, window, part, priority,
        generation, requestedAt, 0);
  }

  /** Topic routing key {@code <provider>.<source>.<account>.<period>}; dots in names become '_'. */
  public String routingKey() {
    return provider.code() + "." + word(source) + "." + word(accountId) + "." + billingPeriod;
  }

  /** The cursor identity of this job's progress (see {@code state.CursorKey}). */
  public String cursorName() {
    return provider.code() + ":" + source + ":" + accountId + ":" + billingPeriod + ":" + dataset.code()
        + (part == null ? "" : ":" + part) + ":" + window.start() + "_" + window.end() + ":g" + generation;
  }

  static String idOf(Provider provider, String source, String accountId, YearMonth period, Dataset dataset,
      Window window, String part, int generation) {
    return idOf(provider.code(), source, accountId, period, dataset, window, part, generation);
  }

  /**
   * The id of a job of these fields, for a provider given by its code. Public for staging that is no
   * extraction job of the fleet ({@code costfleet import} of another provider's FOCUS export names
   * its job directories {@code <code>-<hash>} by the same derivation); for the fleet's providers it
   * is the id {@link ExtractionJob} derives.
   */
  public static String idOf(String providerCode, String source, String accountId, YearMonth period,
      Dataset dataset, Window window, String part, int generation) {
    String identity = String.join("\u001f", providerCode, source, accountId, period.toString(), dataset.code(),
        window.start().toString(), window.end().toString(), part == null ? "" : part, Integer.toString(generation));
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return providerCode + "-" + HexFormat.of().formatHex(hash, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String word(String s) {
    return s.replace('.', '_').replace('#', '_').replace('*', '_');
  }
}
