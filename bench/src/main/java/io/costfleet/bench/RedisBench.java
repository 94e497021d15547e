package io.costfleet.bench;

import io.costfleet.ratelimit.RateLimitConfig;
import io.costfleet.ratelimit.RateLimits;
import io.costfleet.ratelimit.RedisRateLimiter;
import io.costfleet.redis.RedisConfig;
import io.costfleet.redis.RedisCoordination;
import io.costfleet.redis.RedisGlob;
import io.costfleet.resilience.CircuitBreakerConfig;
import io.costfleet.resilience.RedisCircuitBreaker;
import io.costfleet.state.CursorState;
import io.costfleet.state.Lease;
import io.costfleet.state.RedisCursorStore;
import io.costfleet.state.RedisJobLeases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * {@code ./costfleet bench redis [seconds]}: fleet coordination against the Redis at
 * {@code COSTFLEET_REDIS_HOST:COSTFLEET_REDIS_PORT} (default 127.0.0.1:6379): token acquisitions
 * per second from one unthrottled bucket with 1 and 8 threads, and the latency of a cursor commit and
 * of a circuit-breaker round (admit + record). Uses a private key prefix and deletes its keys.
 */
final class RedisBench {
  /** Far above any provider's API limit: the limiter is never what slows a worker. */
  private static final double ACQUISITIONS_FLOOR = 1_000;
  /** A commit follows a page that took a provider call and a Parquet write: tens of ms at least. */
  private static final double COMMIT_P99_FLOOR_MS = 10;

  private RedisBench() {}

  static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    String prefix = "costfleet-bench-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    RedisConfig config = RedisConfig.defaults()
        .withHostAndPort(System.getenv().getOrDefault("COSTFLEET_REDIS_HOST", "127.0.0.1"),
            Integer.parseInt(System.getenv().getOrDefault("COSTFLEET_REDIS_PORT", "6379")))
        .withKeyPrefix(prefix).withPoolSize(16);
    System.out.printf("redis bench: %s, %d s per figure, %d cores%n", config, seconds,
        Runtime.getRuntime().availableProcessors());
    try (RedisCoordination redis = RedisCoordination.connect(config, "costfleet-bench")) {
      try {
        RedisRateLimiter limiter = new RedisRateLimiter(redis,
            RateLimits.of(new RateLimitConfig(1e9, Integer.MAX_VALUE)));
        for (int threads : new int[] {1, 8}) {
          acquisitions(limiter, threads, 1);
          double perSecond = acquisitions(limiter, threads, seconds);
          System.out.printf("token acquisitions, %d thread(s): %,.0f/s (floor %,.0f/s)%n", threads, perSecond,
              ACQUISITIONS_FLOOR);
        }
        commits(redis, 1, Duration.ofSeconds(1));
        for (int threads : new int[] {1, 8}) {
          long[] nanos = commits(redis, threads, Duration.ofSeconds(seconds));
          System.out.printf("cursor commit, %d thread(s): %s (floor p99 %.0f ms)%n", threads, summary(nanos),
              COMMIT_P99_FLOOR_MS);
        }
        long[] breaker = breakerRounds(redis, seconds);
        System.out.printf("circuit breaker admit+record, 1 thread: %s%n", summary(breaker));
      } finally {
        deleteKeys(redis, prefix);
      }
    }
  }

  private static double acquisitions(RedisRateLimiter limiter, int threads, int seconds) throws Exception {
    AtomicLong taken = new AtomicLong();
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    List<Thread> workers = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < threads; i++) {
      Thread t = new Thread(() -> {
        try {
          while (System.nanoTime() < end) {
            limiter.acquire("bench", "tokens", 1, Duration.ZERO);
            taken.incrementAndGet();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      workers.add(t);
      t.start();
    }
    for (Thread t : workers) {
      t.join();
    }
    return taken.get() / ((System.nanoTime() - start) / 1e9);
  }

  /** Commit latencies (ns) of {@code threads} jobs, each committing page after page for {@code duration}. */
  private static long[] commits(RedisCoordination redis, int threads, Duration duration) throws Exception {
    RedisJobLeases leases = new RedisJobLeases(redis);
    RedisCursorStore cursors = new RedisCursorStore(redis);
    long end = System.nanoTime() + duration.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<long[]>> jobs = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        String job = "bench-job-" + UUID.randomUUID();
        jobs.add(pool.submit(() -> {
          Lease lease = leases.tryAcquire(job, "bench", Duration.ofMinutes(5)).orElseThrow();
          String cursor = "bench:source:account:2026-10:usage:" + job;
          long[] samples = new long[1 << 16];
          int n = 0;
          for (int page = 1; System.nanoTime() < end; page++) {
            CursorState next = new CursorState("token-" + page, page + 1, page, page * 1000L, 0,
                CursorState.Status.RUNNING, 0, null);
            long t0 = System.nanoTime();
            cursors.commit(cursor, next, lease);
            samples = record(samples, n++, System.nanoTime() - t0);
          }
          return Arrays.copyOf(samples, n);
        }));
      }
      long[] all = new long[0];
      for (Future<long[]> f : jobs) {
        long[] s = f.get();
        int from = all.length;
        all = Arrays.copyOf(all, from + s.length);
        System.arraycopy(s, 0, all, from, s.length);
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  private static long[] record(long[] samples, int index, long value) {
    long[] out = index < samples.length ? samples : Arrays.copyOf(samples, samples.length * 2);
    out[index] = value;
    return out;
  }

  private static long[] breakerRounds(RedisCoordination redis, int seconds) {
    RedisCircuitBreaker breaker = new RedisCircuitBreaker(redis, CircuitBreakerConfig.ofDefaults());
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    long[] samples = new long[1 << 16];
    int n = 0;
    while (System.nanoTime() < end) {
      long t0 = System.nanoTime();
      breaker.execute("bench", "endpoint", () -> "ok");
      samples = record(samples, n++, System.nanoTime() - t0);
    }
    return Arrays.copyOf(samples, n);
  }

  private static String summary(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return String.format("%,d ops, p50 %.2f ms, p99 %.2f ms, max %.2f ms", sorted.length,
        percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6, sorted[sorted.length - 1] / 1e6);
  }

  private static long percentile(long[] sorted, double p) {
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  }

  private static void deleteKeys(RedisCoordination redis, String prefix) {
    redis.execute("delete bench keys", jedis -> {
      ScanParams params = new ScanParams().match(RedisGlob.escape(prefix) + "*").count(1000);
      String cursor = ScanParams.SCAN_POINTER_START;
      do {
        ScanResult<String> page = jedis.scan(cursor, params);
        if (!page.getResult().isEmpty()) {
          jedis.del(page.getResult().toArray(String[]::new));
        }
        cursor = page.getCursor();
      } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
      return null;
    });
  }
}
