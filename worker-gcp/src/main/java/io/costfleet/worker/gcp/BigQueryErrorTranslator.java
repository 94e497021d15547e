package io.costfleet.worker.gcp;

import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.JobException;
import io.costfleet.source.BadCredentialsException;
import io.costfleet.source.ErrorClassifier;
import io.costfleet.source.PermanentException;
import io.costfleet.source.SchemaException;
import io.costfleet.source.ThrottledException;
import io.costfleet.source.UnavailableException;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates google-cloud-bigquery failures into the typed exceptions of {@code shared/source};
 * {@link ErrorClassifier} decides what happens to the job.
 *
 * <ul>
 *   <li>{@code rateLimitExceeded}, {@code jobRateLimitExceeded}, {@code quotaExceeded} (403) and
 *       HTTP 429 → {@link ThrottledException} on this worker's bucket; BigQuery sends no
 *       Retry-After, so the fleet pauses for {@code costfleet.worker.throttle-backoff};
 *   <li>5xx, {@code backendError}, {@code internalError} and I/O failures
 *       (code 0) → {@link UnavailableException};
 *   <li>401, {@code accessDenied}/{@code forbidden}/other 403 → {@link BadCredentialsException}
 *       (the principal needs BigQuery Data Viewer on the export dataset and Job User on the project);
 *   <li>{@code invalidQuery} naming an unrecognized column → {@link SchemaException} naming it;
 *       any other 400 or a 404 → {@link PermanentException}.
 * </ul>
 */
public final class BigQueryErrorTranslator implements Function<Throwable, RuntimeException> {
  private static final Set<String> THROTTLED = Set.of("rateLimitExceeded", "jobRateLimitExceeded", "quotaExceeded");
  private static final Set<String> UNAVAILABLE = Set.of("backendError", "internalError",
      "jobBackendError", "jobInternalError", "timeout");
  private static final Set<String> DENIED = Set.of("accessDenied", "forbidden", "authError", "billingNotEnabled",
      "notAuthorized", "authenticationError");
  private static final Pattern UNRECOGNIZED = Pattern.compile("Unrecognized name: ([A-Za-z_][A-Za-z0-9_.]*)");

  private final String scope;

  /** @param scope the rate-limit bucket a throttling error tightens */
  public BigQueryErrorTranslator(String scope) {
    this.scope = scope;
  }

  /** A classifier using this translator. */
  public ErrorClassifier classifier() {
    return new ErrorClassifier(this);
  }

  @Override
  public RuntimeException apply(Throwable t) {
    if (t instanceof BigQueryException e) {
      return translate(e.getCode(), e.getErrors() == null ? List.of() : e.getErrors(), e.getMessage(), e);
    }
    if (t instanceof JobException e) {
      return translate(0, e.getErrors() == null ? List.of() : e.getErrors(), e.getMessage(), e);
    }
    return null;
  }

  private RuntimeException translate(int code, List<BigQueryError> errors, String message, RuntimeException e) {
    String found = errors.isEmpty() || errors.get(0) == null ? null : errors.get(0).getReason();
    String reason = found == null ? "" : found;
    String text = "BigQuery " + (code == 0 ? "" : code + " ") + (reason.isEmpty() ? "" : reason + ": ") + message;
    if (code == 429 || THROTTLED.contains(reason)) {
      return new ThrottledException(scope, null, text, e);
    }
    if (reason.equals("invalidQuery") || reason.equals("invalid") && message != null && message.contains("Unrecognized")) {
      Matcher m = UNRECOGNIZED.matcher(message == null ? "" : message);
      if (m.find()) {
        SchemaException schema = new SchemaException("BigQuery billing export", List.of(m.group(1)));
        schema.initCause(e);
        return schema;
      }
      return new PermanentException(text, e);
    }
    if (code == 401 || DENIED.contains(reason) || code == 403) {
      return new BadCredentialsException(text, e);
    }
    if (code >= 500 || code == 0 || UNAVAILABLE.contains(reason)) {
      return new UnavailableException(text, e);
    }
    if (code == 404 || reason.equals("notFound")) {
      return new PermanentException(text, e);
    }
    if (code >= 400) {
      return new PermanentException(text, e);
    }
    return null;
  }
}
