package io.costfleet.worker.aws.cur;

import io.costfleet.source.ErrorClassifier;
import io.costfleet.source.PermanentException;
import io.costfleet.worker.aws.AwsErrorTranslator;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The CUR source's S3 calls fail with the typed exceptions of {@code io.costfleet.source}, as
 * {@link AwsErrorTranslator} maps every AWS SDK exception of this worker ({@code SlowDown} → throttled
 * in scope {@code s3}, 5xx and I/O → unavailable, 401/403 → bad credentials, other 4xx → permanent),
 * with one CUR-specific message: 412 on {@code If-Match} means the report file changed under a resumed job.
 */
final class S3Errors {
  static final String SCOPE = "s3";

  private S3Errors() {}

  static ErrorClassifier classifier() {
    return AwsErrorTranslator.classifier();
  }

  /** The typed exception for an S3 client failure, or null if it is not one. */
  static RuntimeException translate(Throwable t) {
    if (t instanceof S3Exception s3 && s3.statusCode() == 412) {
      return new PermanentException("the report file changed since this job started reading it (a newer "
          + "delivery replaces it): " + s3.getMessage(), s3);
    }
    return AwsErrorTranslator.translate(t);
  }

  /** Runs an S3 call, throwing its typed translation on failure. */
  static <T> T call(Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      RuntimeException typed = translate(e);
      throw typed != null ? typed : e;
    }
  }
}
