package io.costfleet.ratelimit;

import java.time.Duration;

/**
 * A budget of provider API calls per {@code (provider, scope)} bucket. The fleet-wide
 * implementation keeps the bucket in Redis ({@code ratelimit:{provider}:{scope}}) so every worker
 * draws from one budget; a back-off signal seen by one worker slows all of them.
 */
public interface RateLimiter {

  /**
   * Blocks until {@code permits} are taken, or until {@code maxWait} passes.
   *
   * @return how long the caller waited
   * @throws RateLimitTimeoutException if the permits could not be taken within {@code maxWait}
   */
  Duration acquire(String provider, String scope, int permits, Duration maxWait) throws InterruptedException;

  /** The provider asked to back off ({@code Retry-After}, a throttling error): pause the whole bucket. */
  void backOff(String provider, String scope, Duration retryAfter);

  /**
   * The provider reported how many calls remain before its own limit resets (Azure
   * {@code x-ms-ratelimit-remaining-*}); the bucket tightens so the fleet does not overrun it.
   */
  void observeRemaining(String provider, String scope, long remaining, Duration resetIn);
}
