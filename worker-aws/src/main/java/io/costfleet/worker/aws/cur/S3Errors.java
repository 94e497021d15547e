package io.costfleet.worker.aws.cur;

import io.costfleet.source.BadCredentialsException;
import io.costfleet.source.ErrorClassifier;
import io.costfleet.source.PermanentException;
import io.costfleet.source.ThrottledException;
import io.costfleet.source.UnavailableException;
import java.time.Duration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Translates the S3 client's exceptions into the typed ones of {@code io.costfleet.source}; the
 * retry-or-dead-letter decision is {@link ErrorClassifier}'s.
 *
 * <ul>
 *   <li>503 {@code SlowDown} → {@link ThrottledException} (scope {@code s3});</li>
 *   <li>other 5xx, connection failures and timeouts → {@link UnavailableException};</li>
 *   <li>403 ({@code AccessDenied}, {@code InvalidAccessKeyId}, {@code SignatureDoesNotMatch},
 *       {@code ExpiredToken}) → {@link BadCredentialsException};</li>
 *   <li>404 ({@code NoSuchKey}, {@code NoSuchBucket}) and 412 (the file changed under a resumed
 *       job) → {@link PermanentException}: retrying does not bring the file back.</li>
 * </ul>
 */
final class S3Errors {
  static final String SCOPE = "s3";

  private S3Errors() {}

  static ErrorClassifier classifier() {
    return new ErrorClassifier(S3Errors::translate);
  }

  /** The typed exception for an S3 client failure, or null if it is not one. */
  static RuntimeException translate(Throwable t) {
    if (t instanceof S3Exception s3) {
      int status = s3.statusCode();
      String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
      String what = "S3 " + status + (code == null ? "" : " " + code) + ": " + s3.getMessage();
      if (status == 503 && "SlowDown".equals(code) || status == 429) {
        return new ThrottledException(SCOPE, retryAfter(s3), what, s3);
      }
      if (status >= 500) {
        return new UnavailableException(what, s3);
      }
      if (status == 403 || status == 401) {
        return new BadCredentialsException(what, s3);
      }
      if (status == 412) {
        return new PermanentException("the report file changed since this job started reading it (a newer "
            + "delivery replaces it): " + what, s3);
      }
      return new PermanentException(what, s3);
    }
    if (t instanceof SdkClientException e) {
      return new UnavailableException("S3 unreachable: " + e.getMessage(), e);
    }
    return null;
  }

  private static Duration retryAfter(S3Exception e) {
    if (e.awsErrorDetails() == null || e.awsErrorDetails().sdkHttpResponse() == null) {
      return null;
    }
    return e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Retry-After")
        .map(v -> {
          try {
            return Duration.ofSeconds(Long.parseLong(v.trim()));
          } catch (NumberFormatException ignored) {
            return null;
          }
        }).orElse(null);
  }

  /** Runs an S3 call, throwing its typed translation on failure. */
  static <T> T call(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      RuntimeException typed = translate(e);
      throw typed != null ? typed : e;
    }
  }
}
