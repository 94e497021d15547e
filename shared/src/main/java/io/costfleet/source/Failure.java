package io.costfleet.source;

import java.time.Duration;
import java.util.Optional;

/** What the runtime does with a failed job: retry it later, or dead-letter it now. */
public sealed interface Failure permits Failure.Retry, Failure.Reject {

  Throwable cause();

  /** Retry with back-off, not sooner than the provider's hint. */
  record Retry(Throwable cause, Optional<Duration> notBefore) implements Failure {}

  /** Dead-letter at once. */
  record Reject(Throwable cause) implements Failure {}
}
