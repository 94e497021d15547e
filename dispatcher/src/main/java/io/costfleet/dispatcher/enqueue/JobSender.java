package io.costfleet.dispatcher.enqueue;

import com.rabbitmq.client.AMQP;
import io.costfleet.dispatcher.amqp.ConfirmingPublisher;
import io.costfleet.dispatcher.amqp.ConfirmingPublisher.Outcome;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Provider;
import io.costfleet.job.Topology;
import io.costfleet.job.TraceContext;
import io.costfleet.job.WireCodec;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Publishes jobs to the jobs exchange (persistent, mandatory, at the job's priority, publisher confirms) and
 * retries those the broker did not take: after an unroutable return it re-declares the provider's topology
 * first. What still fails after the last attempt is returned as such, for the caller to surface.
 */
public final class JobSender {
  private static final Logger LOG = Logger.getLogger(JobSender.class);

  /** Re-declares a provider's queues and bindings. */
  @FunctionalInterface
  public interface TopologyRepair {
    void declare(Provider provider) throws IOException;
  }

  /** Publish settings: confirm timeout, attempts, first back-off (doubling). */
  public record Settings(Duration confirmTimeout, int attempts, Duration backoff) {
    public Settings {
      if (attempts < 1) {
        throw new IllegalArgumentException("attempts must be >= 1");
      }
    }
  }

  private final ConfirmingPublisher publisher;
  private final Topology topology;
  private final WireCodec codec;
  private final TopologyRepair repair;
  private final Settings settings;

  public JobSender(ConfirmingPublisher publisher, Topology topology, WireCodec codec, TopologyRepair repair,
      Settings settings) {
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.topology = Objects.requireNonNull(topology, "topology");
    this.codec = Objects.requireNonNull(codec, "codec");
    this.repair = Objects.requireNonNull(repair, "repair");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** Publishes every job; the outcome per job id is the last attempt's. */
  public Map<String, Outcome> send(List<ExtractionJob> jobs) {
    Map<String, Outcome> outcomes = new LinkedHashMap<>();
    List<ExtractionJob> todo = jobs;
    for (int attempt = 1; attempt <= settings.attempts() && !todo.isEmpty(); attempt++) {
      if (attempt > 1) {
        pause(settings.backoff().multipliedBy(1L << Math.min(attempt - 2, 10)));
      }
      List<CompletableFuture<Outcome>> futures = new ArrayList<>(todo.size());
      for (ExtractionJob job : todo) {
        futures.add(publisher.publish(topology.jobsExchange(), job.routingKey(), true, properties(job),
            codec.encode(job)));
      }
      List<ExtractionJob> failed = new ArrayList<>();
      Set<Provider> unroutable = EnumSet.noneOf(Provider.class);
      for (int i = 0; i < todo.size(); i++) {
        ExtractionJob job = todo.get(i);
        Outcome outcome = publisher.await(futures.get(i), settings.confirmTimeout());
        outcomes.put(job.jobId(), outcome);
        if (!outcome.ok()) {
          failed.add(job);
          if (outcome instanceof ConfirmingPublisher.Returned) {
            unroutable.add(job.provider());
          }
          LOG.warnf("publish of job %s (%s) attempt %d/%d: %s", job.jobId(), job.routingKey(), attempt,
              settings.attempts(), outcome);
        }
      }
      for (Provider p : unroutable) {
        try {
          repair.declare(p);
          LOG.infof("re-declared the %s topology after an unroutable return", p.code());
        } catch (IOException | RuntimeException e) {
          LOG.warnf("re-declaring the %s topology failed: %s", p.code(), e.getMessage());
        }
      }
      todo = failed;
    }
    return outcomes;
  }

  private static AMQP.BasicProperties properties(ExtractionJob job) {
    return new AMQP.BasicProperties.Builder()
        .contentType(WireCodec.CONTENT_TYPE)
        .deliveryMode(2)
        .priority(job.priority())
        .type("io.costfleet.job")
        .appId("costfleet-dispatcher")
        .timestamp(Date.from(job.requestedAt()))
        .headers(Map.of(TraceContext.HEADER, TraceContext.newRoot().traceparent()))
        .build();
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
