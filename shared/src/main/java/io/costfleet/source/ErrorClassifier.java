package io.costfleet.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;

/**
 * Decides, once for every source, whether a failure is retried or dead-lettered. A provider only
 * translates its SDK's exceptions into the typed ones of this package ({@link ThrottledException},
 * {@link BadCredentialsException}, ...); the decision itself lives here.
 *
 * <p>Rules: {@link TransientException} and I/O errors are retried; {@link PermanentException} is
 * dead-lettered; anything else (an unexpected bug) is retried, so the attempt limit bounds it and
 * the job ends in the dead-letter queue with its exception, never in an endless loop.
 */
public final class ErrorClassifier {
  private final Function<Throwable, RuntimeException> translator;

  /** @param translator maps a provider's SDK exception to a typed one, or returns null if unknown */
  public ErrorClassifier(Function<Throwable, RuntimeException> translator) {
    this.translator = translator;
  }

  /** A classifier for sources whose exceptions are already typed. */
  public static ErrorClassifier typedOnly() {
    return new ErrorClassifier(t -> null);
  }

  /** Translates (walking the cause chain) and classifies. */
  public Failure classify(Throwable error) {
    Throwable typed = typed(error);
    if (typed instanceof PermanentException) {
      return new Failure.Reject(typed);
    }
    if (typed instanceof TransientException te) {
      return new Failure.Retry(typed, te.retryAfter());
    }
    return new Failure.Retry(typed, java.util.Optional.empty());
  }

  /** The typed exception for an error: itself if typed, else the provider's translation of it or its causes. */
  public Throwable typed(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof TransientException || t instanceof PermanentException) {
        return t;
      }
      RuntimeException translated = translator.apply(t);
      if (translated != null) {
        return translated;
      }
      if (t instanceof IOException || t instanceof UncheckedIOException) {
        return new UnavailableException("I/O failure: " + t.getMessage(), t);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return error;
  }
}
