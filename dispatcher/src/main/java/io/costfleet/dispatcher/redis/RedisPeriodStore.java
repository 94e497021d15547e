package io.costfleet.dispatcher.redis;

import io.costfleet.dispatcher.period.JobState;
import io.costfleet.dispatcher.period.PeriodStatus;
import io.costfleet.dispatcher.period.PeriodStore;
import io.costfleet.dispatcher.period.PeriodView;
import io.costfleet.dispatcher.period.TrackedJob;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.WireCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import io.costfleet.redis.LuaScript;
import io.costfleet.redis.RedisCoordination;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.params.ZRangeParams;

/**
 * {@link PeriodStore} in Redis, under the configured key prefix, through the shared {@link RedisCoordination}
 * (an unreachable Redis is a {@link io.costfleet.redis.CoordinationUnavailableException}):
 *
 * <pre>
 * job:{jobId}              hash   payload (job JSON), state, slot, period, trigger, version, requestedAt,
 *                                 updatedAt (epoch ms), worker, rows, quarantined, error
 * period:{YYYY-MM}         hash   status, n_{state} counters of current jobs, closeEpoch, closeOwner,
 *                                 closeStartedAt, closedAt, closeSummary, closeError, updatedAt
 * period:{YYYY-MM}:slots   hash   slot -> current job id
 * periods                  set    every tracked period
 * unpublished              zset   job id -> since (epoch ms), for the republisher
 * republish:{jobId}        string one republishing replica at a time (PX)
 * </pre>
 */
public final class RedisPeriodStore implements PeriodStore {
  private final RedisCoordination redis;
  private final String prefix;
  private final WireCodec codec;
  private final Duration supersededRetention;

  public RedisPeriodStore(RedisCoordination redis, WireCodec codec, Duration supersededRetention) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.prefix = redis.config().keyPrefix();
    this.codec = Objects.requireNonNull(codec, "codec");
    this.supersededRetention = Objects.requireNonNull(supersededRetention, "supersededRetention");
  }

  private String jobKey(String jobId) {
    return prefix + "job:" + jobId;
  }

  private String periodKey(YearMonth period) {
    return prefix + "period:" + period;
  }

  private String slotsKey(YearMonth period) {
    return periodKey(period) + ":slots";
  }

  private String periodsKey() {
    return prefix + "periods";
  }

  private String unpublishedKey() {
    return prefix + "unpublished";
  }

  @Override
  public Optional<TrackedJob> current(YearMonth period, String slot) {
    String id = redis.execute("read slot", j -> j.hget(slotsKey(period), slot));
    return id == null ? Optional.empty() : job(id);
  }

  @Override
  public boolean reserve(Optional<TrackedJob> expected, ExtractionJob job, String trigger, Optional<String> version,
      CloseArming arming, Instant now) {
    YearMonth period = job.billingPeriod();
    String expectedId = expected.map(TrackedJob::jobId).orElse("");
    List<String> keys = List.of(periodKey(period), slotsKey(period), jobKey(job.jobId()),
        expected.isPresent() ? jobKey(expectedId) : jobKey(job.jobId()), periodsKey(), unpublishedKey());
    List<String> args = new ArrayList<>(List.of(
        TrackedJob.slotOf(job),
        expectedId,
        expected.map(t -> t.state().code()).orElse(""),
        expected.map(t -> Long.toString(t.job().requestedAt().toEpochMilli())).orElse(""),
        job.jobId(),
        switch (arming) {
          case ARM -> "arm";
          case KEEP -> "keep";
          case REARM_IF_CLOSED -> "rearm";
        },
        Long.toString(now.toEpochMilli()),
        period.toString(),
        Long.toString(supersededRetention.toMillis())));
    pair(args, "payload", new String(codec.encode(job), StandardCharsets.UTF_8));
    pair(args, "slot", TrackedJob.slotOf(job));
    pair(args, "period", period.toString());
    pair(args, "trigger", trigger);
    pair(args, "requestedAt", Long.toString(job.requestedAt().toEpochMilli()));
    pair(args, "version", version.orElse(""));
    return asLong(eval(PeriodScripts.RESERVE, keys, args)) == 1;
  }

  @Override
  public void published(String jobId, Instant now) {
    eval(PeriodScripts.PUBLISHED, List.of(jobKey(jobId), unpublishedKey()),
        List.of(prefix, jobId, Long.toString(now.toEpochMilli())));
  }

  @Override
  public void publishFailed(String jobId, String reason, Instant now) {
    eval(PeriodScripts.PUBLISH_FAILED, List.of(jobKey(jobId)), List.of(reason, Long.toString(now.toEpochMilli())));
  }

  @Override
  public Applied apply(JobEvent event, Instant now) {
    List<String> args = new ArrayList<>(List.of(prefix, event.jobId(), event.state().code(),
        event.job().map(j -> Long.toString(j.requestedAt().toEpochMilli())).orElse(""),
        Long.toString(now.toEpochMilli()),
        event.job().map(j -> new String(codec.encode(j), StandardCharsets.UTF_8)).orElse(""),
        event.job().map(TrackedJob::slotOf).orElse(""),
        event.job().map(j -> j.billingPeriod().toString()).orElse("")));
    event.worker().ifPresent(w -> pair(args, "worker", w));
    event.rows().ifPresent(r -> pair(args, "rows", Long.toString(r)));
    event.quarantined().ifPresent(q -> pair(args, "quarantined", Long.toString(q)));
    event.error().ifPresent(e -> pair(args, "error", e));
    List<?> out = (List<?>) eval(PeriodScripts.APPLY, List.of(jobKey(event.jobId()), unpublishedKey()), args);
    EventResult result = EventResult.valueOf(string(out.get(0)).toUpperCase(java.util.Locale.ROOT));
    String period = string(out.get(1));
    return new Applied(result, period.isEmpty() ? Optional.empty() : Optional.of(YearMonth.parse(period)));
  }

  @Override
  public boolean replayed(String jobId, Instant now) {
    return asLong(eval(PeriodScripts.REPLAYED, List.of(jobKey(jobId)),
        List.of(prefix, jobId, Long.toString(now.toEpochMilli())))) == 1;
  }

  @Override
  public Optional<TrackedJob> job(String jobId) {
    Map<String, String> h = redis.execute("read job " + jobId, j -> j.hgetAll(jobKey(jobId)));
    if (h == null || h.isEmpty() || !h.containsKey("payload")) {
      return Optional.empty();
    }
    String current = redis.execute("read slot",
        j -> j.hget(prefix + "period:" + h.get("period") + ":slots", h.get("slot")));
    return Optional.of(toJob(h, jobId.equals(current)));
  }

  @Override
  public List<TrackedJob> jobs(YearMonth period) {
    List<?> rows = (List<?>) eval(PeriodScripts.JOBS_OF_PERIOD, List.of(slotsKey(period)), List.of(prefix));
    List<TrackedJob> jobs = new ArrayList<>();
    for (Object row : rows) {
      Map<String, String> h = toMap((List<?>) row);
      if (h.containsKey("payload")) {
        jobs.add(toJob(h, true));
      }
    }
    jobs.sort(java.util.Comparator.comparing(t -> TrackedJob.slotOf(t.job())));
    return jobs;
  }

  @Override
  public List<PeriodView> periods() {
    List<PeriodView> out = new ArrayList<>();
    redis.execute("list periods", j -> j.smembers(periodsKey())).stream().sorted().forEach(p -> period(YearMonth.parse(p)).ifPresent(out::add));
    return out;
  }

  @Override
  public Optional<PeriodView> period(YearMonth period) {
    Map<String, String> h = redis.execute("read period " + period, j -> j.hgetAll(periodKey(period)));
    if (h == null || h.isEmpty() || !h.containsKey("status")) {
      return Optional.empty();
    }
    Map<JobState, Long> counts = new EnumMap<>(JobState.class);
    for (JobState s : JobState.values()) {
      counts.put(s, Math.max(0, Long.parseLong(h.getOrDefault("n_" + s.code(), "0"))));
    }
    return Optional.of(new PeriodView(period, PeriodStatus.of(h.get("status")), counts, instant(h.get("closedAt")),
        text(h.get("closeSummary")), text(h.get("closeError")), instant(h.get("updatedAt"))));
  }

  @Override
  public List<TrackedJob> unpublishedBefore(Instant before, int limit) {
    List<TrackedJob> out = new ArrayList<>();
    List<String> ids = redis.execute("list unpublished", j -> j.zrange(unpublishedKey(),
        ZRangeParams.zrangeByScoreParams(Double.NEGATIVE_INFINITY, before.toEpochMilli()).limit(0, limit)));
    for (String id : ids) {
      Optional<TrackedJob> job = job(id);
      if (job.isPresent() && job.get().state() == JobState.UNPUBLISHED) {
        out.add(job.get());
      } else {
        redis.execute("drop unpublished " + id, j -> j.zrem(unpublishedKey(), id));
      }
    }
    return out;
  }

  @Override
  public boolean lockRepublish(String jobId, Duration ttl) {
    return "OK".equals(redis.execute("lock republish " + jobId,
        j -> j.set(prefix + "republish:" + jobId, "1", SetParams.setParams().nx().px(ttl.toMillis()))));
  }

  @Override
  public boolean armClose(YearMonth period, Instant now) {
    return asLong(eval(PeriodScripts.ARM, List.of(periodKey(period)),
        List.of(Long.toString(now.toEpochMilli())))) == 1;
  }

  @Override
  public Optional<CloseClaim> claimClose(YearMonth period, String owner, Duration timeout, Instant now) {
    long epoch = asLong(eval(PeriodScripts.CLAIM, List.of(periodKey(period)),
        List.of(owner, Long.toString(now.toEpochMilli()), Long.toString(timeout.toMillis()))));
    return epoch < 0 ? Optional.empty() : Optional.of(new CloseClaim(period, owner, epoch));
  }

  @Override
  public boolean finishClose(CloseClaim claim, PeriodStatus outcome, String detail, Instant now) {
    if (outcome != PeriodStatus.CLOSED && outcome != PeriodStatus.FAILED) {
      throw new IllegalArgumentException("a close ends closed or failed, not " + outcome);
    }
    return asLong(eval(PeriodScripts.FINISH, List.of(periodKey(claim.period())),
        List.of(claim.owner(), Long.toString(claim.epoch()), outcome.code(), detail,
            Long.toString(now.toEpochMilli())))) == 1;
  }

  private Object eval(LuaScript script, List<String> keys, List<String> args) {
    return redis.eval(script.name(), script, keys, args);
  }

  private TrackedJob toJob(Map<String, String> h, boolean current) {
    ExtractionJob job = codec.decodeJob(h.get("payload").getBytes(StandardCharsets.UTF_8));
    return new TrackedJob(job, JobState.of(h.getOrDefault("state", "unpublished")), h.getOrDefault("trigger", ""),
        instant(h.get("updatedAt")).orElse(Instant.EPOCH), text(h.get("version")), text(h.get("worker")),
        number(h.get("rows")), number(h.get("quarantined")), text(h.get("error")), current);
  }

  private static void pair(List<String> args, String field, String value) {
    args.add(field);
    args.add(value);
  }

  private static Map<String, String> toMap(List<?> flat) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      m.put(string(flat.get(i)), string(flat.get(i + 1)));
    }
    return m;
  }

  private static String string(Object o) {
    return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
  }

  private static long asLong(Object o) {
    return o instanceof Long l ? l : Long.parseLong(string(o));
  }

  private static Optional<String> text(String s) {
    return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s);
  }

  private static Optional<Long> number(String s) {
    return s == null || s.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(s));
  }

  private static Optional<Instant> instant(String ms) {
    return ms == null || ms.isEmpty() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(Long.parseLong(ms)));
  }
}
