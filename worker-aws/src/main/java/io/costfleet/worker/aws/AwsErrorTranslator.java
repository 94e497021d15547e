package io.costfleet.worker.aws;

import io.costfleet.source.BadCredentialsException;
import io.costfleet.source.ErrorClassifier;
import io.costfleet.source.PermanentException;
import io.costfleet.source.ThrottledException;
import io.costfleet.source.UnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Translates AWS SDK v2 exceptions (every AWS source of this worker: Cost Explorer, S3) into the
 * typed exceptions of {@code io.costfleet.source}; {@link ErrorClassifier} decides the rest.
 *
 * <ul>
 *   <li>throttling ({@code ThrottlingException}, {@code LimitExceededException},
 *       {@code RequestLimitExceeded}, {@code SlowDown}, HTTP 429) → {@link ThrottledException}, scope
 *       {@code ce} or {@code s3} (the rate-limit bucket), with the response's Retry-After;</li>
 *   <li>credentials ({@code AccessDenied*}, {@code UnrecognizedClientException},
 *       {@code InvalidClientTokenId}, {@code ExpiredToken*}, {@code InvalidSignatureException},
 *       {@code SignatureDoesNotMatch}, HTTP 401/403) → {@link BadCredentialsException};</li>
 *   <li>HTTP 5xx, {@code DataUnavailableException}, and client-side I/O failures →
 *       {@link UnavailableException};</li>
 *   <li>any other 4xx ({@code ValidationException}, {@code InvalidNextTokenException}, ...) →
 *       {@link PermanentException}.</li>
 * </ul>
 */
public final class AwsErrorTranslator {
  private static final Set<String> THROTTLING = Set.of("ThrottlingException", "Throttling", "LimitExceededException",
      "RequestLimitExceeded", "SlowDown", "TooManyRequestsException", "RequestThrottled");
  private static final Set<String> CREDENTIALS = Set.of("AccessDenied", "AccessDeniedException",
      "UnrecognizedClientException", "InvalidClientTokenId", "ExpiredToken", "ExpiredTokenException",
      "InvalidSignatureException", "SignatureDoesNotMatch", "InvalidAccessKeyId", "MissingAuthenticationToken");

  private AwsErrorTranslator() {}

  /** The classifier of every AWS source. */
  public static ErrorClassifier classifier() {
    return new ErrorClassifier(AwsErrorTranslator::translate);
  }

  /** The typed exception of an AWS SDK exception, or null if it is not one. */
  public static RuntimeException translate(Throwable t) {
    if (t instanceof AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
      int status = e.statusCode();
      String message = (code == null ? "HTTP " + status : code) + ": " + e.getMessage();
      if ((code != null && THROTTLING.contains(code)) || status == 429 || e.isThrottlingException()) {
        return new ThrottledException(scope(e), retryAfter(e).orElse(null), message, e);
      }
      if ((code != null && CREDENTIALS.contains(code)) || status == 401 || status == 403) {
        return new BadCredentialsException(message, e);
      }
      if (status >= 500 || "DataUnavailableException".equals(code)) {
        return new UnavailableException(message, retryAfter(e).orElse(null), e);
      }
      return new PermanentException(message, e);
    }
    if (t instanceof SdkClientException e) {
      for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
        if (c instanceof IOException || c instanceof UncheckedIOException) {
          return new UnavailableException("AWS endpoint unreachable: " + e.getMessage(), e);
        }
      }
      if (e.getMessage() != null && e.getMessage().contains("Unable to execute HTTP request")) {
        return new UnavailableException("AWS endpoint unreachable: " + e.getMessage(), e);
      }
    }
    return null;
  }

  /** The rate-limit scope of the service that answered: {@code ce} for Cost Explorer, {@code s3} for S3. */
  static String scope(AwsServiceException e) {
    String service = e.awsErrorDetails() == null ? null : e.awsErrorDetails().serviceName();
    if (service == null) {
      return "aws";
    }
    String s = service.toLowerCase(Locale.ROOT).replace(" ", "");
    if (s.contains("costexplorer") || s.equals("ce")) {
      return "ce";
    }
    return s.contains("s3") ? "s3" : s;
  }

  private static Optional<Duration> retryAfter(AwsServiceException e) {
    if (e.awsErrorDetails() == null || e.awsErrorDetails().sdkHttpResponse() == null) {
      return Optional.empty();
    }
    return e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Retry-After").flatMap(v -> {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(v.strip())));
      } catch (NumberFormatException notSeconds) {
        return Optional.empty();
      }
    });
  }
}
