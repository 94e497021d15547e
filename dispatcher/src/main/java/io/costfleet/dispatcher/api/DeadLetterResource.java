package io.costfleet.dispatcher.api;

import io.costfleet.dispatcher.amqp.DeadLetter;
import io.costfleet.dispatcher.amqp.DeadLetterQueues;
import io.costfleet.dispatcher.amqp.DeadLetterQueues.ReplayReport;
import io.costfleet.dispatcher.audit.AuditLog;
import io.costfleet.dispatcher.period.PeriodStore;
import io.costfleet.job.Provider;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The providers' dead-letter queues: depths, look, replay, purge (every change audited). */
@Path("/api/v1/dlq")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {
  private final DeadLetterQueues queues;
  private final PeriodStore store;
  private final AuditLog audit;
  private final Clock clock;

  public DeadLetterResource(DeadLetterQueues queues, PeriodStore store, AuditLog audit, Clock clock) {
    this.queues = queues;
    this.store = store;
    this.audit = audit;
    this.clock = clock;
  }

  /** Dead letters per provider. */
  @GET
  public Map<String, Long> depths() throws IOException {
    Map<String, Long> out = new LinkedHashMap<>();
    for (Provider p : Provider.values()) {
      out.put(p.code(), queues.depth(p));
    }
    return out;
  }

  /** The first {@code limit} dead letters with their context headers and payload; they stay in the queue. */
  @GET
  @Path("/{provider}")
  public List<DeadLetter> list(@PathParam("provider") String provider,
      @QueryParam("limit") @DefaultValue("100") int limit) throws IOException {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1");
    }
    return queues.peek(Provider.of(provider), limit);
  }

  /** Replays the dead letters of one job ({@code ?jobId=}) or all of them ({@code ?all=true}). */
  @POST
  @Path("/{provider}/replay")
  public ReplayReport replay(@PathParam("provider") String provider, @QueryParam("jobId") String jobId,
      @QueryParam("all") @DefaultValue("false") boolean all, @HeaderParam(Operator.HEADER) String operator,
      @Context HttpServerRequest http) throws IOException {
    Provider p = Provider.of(provider);
    if ((jobId == null || jobId.isBlank()) == !all) {
      throw new IllegalArgumentException("say which: ?jobId=<id> for one job's dead letters, or ?all=true");
    }
    ReplayReport report = queues.replay(p, all ? Optional.empty() : Optional.of(jobId));
    Operator who = Operator.of(operator, http);
    for (DeadLetterQueues.Replayed r : report.replayed()) {
      if (r.jobId() != null) {
        store.replayed(r.jobId(), clock.instant());
      }
      audit.record("dlq.replay", who.name(), who.remote(), Map.of("provider", p.code(),
          "jobId", String.valueOf(r.jobId()), "routingKey", r.routingKey(),
          "attemptsBefore", String.valueOf(r.attemptsBefore()), "stage", String.valueOf(r.stage())));
    }
    if (report.replayed().isEmpty()) {
      audit.record("dlq.replay", who.name(), who.remote(), Map.of("provider", p.code(),
          "selection", all ? "all" : "jobId=" + jobId, "replayed", "0"));
    }
    return report;
  }

  /** What a purge deleted. */
  public record Purged(String provider, int purged) {}

  /** Deletes every dead letter of the provider; {@code ?confirm=<provider>} must repeat the provider. */
  @DELETE
  @Path("/{provider}")
  public Purged purge(@PathParam("provider") String provider, @QueryParam("confirm") String confirm,
      @HeaderParam(Operator.HEADER) String operator, @Context HttpServerRequest http) throws IOException {
    Provider p = Provider.of(provider);
    if (!p.code().equals(confirm)) {
      throw new IllegalArgumentException("purging deletes every dead letter of " + p.code()
          + " for good; repeat the provider to confirm: ?confirm=" + p.code());
    }
    int purged = queues.purge(p);
    Operator who = Operator.of(operator, http);
    audit.record("dlq.purge", who.name(), who.remote(), Map.of("provider", p.code(), "purged",
        Integer.toString(purged)));
    return new Purged(p.code(), purged);
  }
}
