package io.costfleet.ratelimit;

import io.costfleet.redis.RedisConfig;
import io.costfleet.redis.RedisCoordination;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load on one fleet-wide bucket: {@code threads} threads take one permit at a time from
 * {@code startMillis} to {@code endMillis} (wall clock, shared by processes on one host) and count
 * the permits whose acquisition returned by {@code endMillis}. Run in-process by
 * {@link SharedBucketAcrossProcessesIT} and, as {@link #main}, in a second JVM.
 */
public final class SharedBucketLoad {
  private SharedBucketLoad() {}

  static long run(RateLimiter limiter, String provider, String scope, int threads, long startMillis, long endMillis)
      throws InterruptedException {
    AtomicLong taken = new AtomicLong();
    List<Thread> workers = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Thread t = new Thread(() -> {
        try {
          sleepUntil(startMillis);
          long now;
          while ((now = System.currentTimeMillis()) < endMillis) {
            try {
              limiter.acquire(provider, scope, 1, Duration.ofMillis(endMillis - now));
              if (System.currentTimeMillis() <= endMillis) {
                taken.incrementAndGet();
              }
            } catch (RateLimitTimeoutException e) {
              // the next permit comes after the end
            }
          }
        } catch (Throwable e) {
          synchronized (failures) {
            failures.add(e);
          }
        }
      }, "bucket-load-" + i);
      workers.add(t);
      t.start();
    }
    for (Thread t : workers) {
      t.join();
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("load thread failed", failures.get(0));
    }
    return taken.get();
  }

  private static void sleepUntil(long epochMillis) throws InterruptedException {
    long wait;
    while ((wait = epochMillis - System.currentTimeMillis()) > 0) {
      Thread.sleep(wait);
    }
  }

  /**
   * Args: host port keyPrefix permitsPerSecond burst threads durationMillis. Prints {@code READY},
   * reads the start time (epoch ms) from stdin, runs, prints {@code TAKEN <n>}.
   */
  public static void main(String[] args) throws Exception {
    RedisConfig config = RedisConfig.defaults().withHostAndPort(args[0], Integer.parseInt(args[1]))
        .withKeyPrefix(args[2]);
    RateLimits limits = RateLimits.of(new RateLimitConfig(Double.parseDouble(args[3]), Integer.parseInt(args[4])));
    try (RedisCoordination redis = RedisCoordination.connect(config)) {
      RedisRateLimiter limiter = new RedisRateLimiter(redis, limits);
      redis.execute("ping", jedis -> jedis.ping());
      System.out.println("READY");
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      long start = Long.parseLong(in.readLine().trim());
      long taken = run(limiter, "sim", "shared", Integer.parseInt(args[5]), start, start + Long.parseLong(args[6]));
      System.out.println("TAKEN " + taken);
      System.out.flush();
    }
  }
}
