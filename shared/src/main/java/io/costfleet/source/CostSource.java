package io.costfleet.source;

import io.costfleet.job.ExtractionJob;

/**
 * A provider billing source: fetches one page of a job at a cursor. The runner owns everything
 * else (lease, rate-limit token, audit copy, normalization, staging, cursor commit, retries).
 *
 * <p>Failures are thrown as the typed exceptions of this package, or as the SDK's own exceptions
 * translated by the source's {@link ErrorClassifier}.
 *
 * @param <T> the raw record type
 */
public interface CostSource<T> {

  /** The source name used in jobs, keys and paths ({@code cost-explorer}, {@code cur}, ...). */
  String name();

  /** The rate-limit scope of the call this source makes for the job (bucket {@code ratelimit:{provider}:{scope}}). */
  String rateLimitScope(ExtractionJob job);

  /**
   * The circuit this job's calls go through (breaker {@code breaker:{provider}:{circuit}}): by default
   * the source's name, one circuit per provider API. A source whose jobs reach independent endpoints
   * (one database server per job) names one circuit per endpoint, so a failing one does not stop the
   * others.
   */
  default String circuit(ExtractionJob job) {
    return name();
  }

  /** Fetches the page at {@code cursor}. */
  Page<T> fetch(ExtractionJob job, Cursor cursor);

  /** The normalizer of this source's raw records. */
  Normalizer<T> normalizer();
}
