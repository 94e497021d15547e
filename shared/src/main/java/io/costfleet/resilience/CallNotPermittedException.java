package io.costfleet.resilience;

import io.costfleet.source.UnavailableException;
import java.time.Duration;

/** The circuit of a provider endpoint is open (or its single half-open probe is taken). */
public class CallNotPermittedException extends UnavailableException {
  public CallNotPermittedException(String circuit, Duration retryAfter) {
    super("circuit " + circuit + " is open", retryAfter, null);
  }
}
