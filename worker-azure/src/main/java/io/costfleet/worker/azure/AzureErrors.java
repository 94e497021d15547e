package io.costfleet.worker.azure;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.exception.ManagementException;
import com.azure.identity.CredentialUnavailableException;
import io.costfleet.ratelimit.BackOffSignals;
import io.costfleet.source.BadCredentialsException;
import io.costfleet.source.ErrorClassifier;
import io.costfleet.source.PermanentException;
import io.costfleet.source.ThrottledException;
import io.costfleet.source.UnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeoutException;

/**
 * Translates the Azure SDK's exceptions into costfleet's typed ones; {@link ErrorClassifier}
 * decides what happens. By HTTP status: 429, and Storage's 503 {@code ServerBusy} →
 * {@link ThrottledException} (with the longest of {@code Retry-After} and the
 * {@code x-ms-ratelimit-*-retry-after} headers); 408, other 5xx →
 * {@link UnavailableException}; 401, 403 and credential failures → {@link BadCredentialsException};
 * other 4xx (a bad query, an unknown scope) → {@link PermanentException}. Time-outs are unavailable.
 */
public final class AzureErrors {
  private AzureErrors() {}

  public static ErrorClassifier classifier() {
    return new ErrorClassifier(AzureErrors::translate);
  }

  /** The typed exception for an SDK exception, or null if it is not one this knows. */
  public static RuntimeException translate(Throwable t) {
    if (t instanceof CredentialUnavailableException) {
      return new BadCredentialsException("no Azure credential is available: " + t.getMessage(), t);
    }
    if (t instanceof ClientAuthenticationException) {
      return new BadCredentialsException("Azure authentication failed: " + t.getMessage(), t);
    }
    if (t instanceof HttpResponseException e && e.getResponse() != null) {
      return byStatus(e.getResponse(), describe(e), t);
    }
    if (t instanceof TimeoutException) {
      return new UnavailableException("Azure call timed out: " + t.getMessage(), t);
    }
    return null;
  }

  static RuntimeException byStatus(HttpResponse response, String message, Throwable cause) {
    int status = response.getStatusCode();
    Duration retryAfter = BackOffSignals.ofSingleValued(response.getHeaders().toMap()).retryAfter(Instant.now())
        .orElse(null);
    if (status == 429 || status == 503 && "ServerBusy".equals(response.getHeaderValue("x-ms-error-code"))) {
      return new ThrottledException(null, retryAfter, "Azure throttled the call (" + status + "): " + message, cause);
    }
    if (status == 408 || status >= 500) {
      return new UnavailableException("Azure is unavailable (" + status + "): " + message, retryAfter, cause);
    }
    if (status == 401 || status == 403) {
      return new BadCredentialsException("Azure refused the credential (" + status + "; the identity needs the "
          + "Cost Management Reader role on the scope, Storage Blob Data Reader on exports): " + message, cause);
    }
    return new PermanentException("Azure rejected the call (" + status + "): " + message, cause);
  }

  private static String describe(HttpResponseException e) {
    if (e instanceof ManagementException m && m.getValue() != null) {
      return m.getValue().getCode() + ": " + m.getValue().getMessage();
    }
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
  }
}
