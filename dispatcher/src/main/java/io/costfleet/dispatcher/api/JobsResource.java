package io.costfleet.dispatcher.api;

import io.costfleet.dispatcher.api.ApiDtos.JobView;
import io.costfleet.dispatcher.api.ApiDtos.PeriodDto;
import io.costfleet.dispatcher.audit.AuditLog;
import io.costfleet.dispatcher.config.FleetCatalog;
import io.costfleet.dispatcher.period.CloseCoordinator;
import io.costfleet.dispatcher.period.JobState;
import io.costfleet.dispatcher.period.PeriodStore;
import io.costfleet.dispatcher.period.PeriodView;
import io.costfleet.dispatcher.period.TrackedJob;
import io.costfleet.job.Provider;
import io.costfleet.redis.RedisGlob;
import io.costfleet.state.CursorState;
import io.costfleet.state.CursorStore;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** What the dispatcher knows: jobs, periods, cursors, configured accounts, the audit trail. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {
  private final PeriodStore store;
  private final CursorStore cursors;
  private final CloseCoordinator closes;
  private final FleetCatalog catalog;
  private final AuditLog audit;
  private final Clock clock;

  public JobsResource(PeriodStore store, CursorStore cursors, CloseCoordinator closes, FleetCatalog catalog,
      AuditLog audit, Clock clock) {
    this.store = store;
    this.cursors = cursors;
    this.closes = closes;
    this.catalog = catalog;
    this.audit = audit;
    this.clock = clock;
  }

  /** Current jobs, newest period first, filtered by period, provider, account and state. */
  @GET
  @Path("/jobs")
  public List<JobView> jobs(@QueryParam("period") String period, @QueryParam("provider") String provider,
      @QueryParam("account") String account, @QueryParam("state") String state,
      @QueryParam("limit") @DefaultValue("1000") int limit) {
    Predicate<TrackedJob> filter = t -> true;
    if (provider != null) {
      Provider p = Provider.of(provider);
      filter = filter.and(t -> t.job().provider() == p);
    }
    if (account != null) {
      filter = filter.and(t -> t.job().accountId().equals(account));
    }
    if (state != null) {
      JobState s = parseState(state);
      filter = filter.and(t -> t.state() == s);
    }
    List<YearMonth> periods = period != null ? List.of(YearMonth.parse(period))
        : store.periods().stream().map(PeriodView::period).sorted(java.util.Comparator.reverseOrder()).toList();
    List<JobView> out = new ArrayList<>();
    for (YearMonth p : periods) {
      for (TrackedJob t : store.jobs(p)) {
        if (out.size() >= limit) {
          return out;
        }
        if (filter.test(t)) {
          out.add(JobView.of(t));
        }
      }
    }
    return out;
  }

  @GET
  @Path("/jobs/{jobId}")
  public JobView job(@PathParam("jobId") String jobId) {
    return store.job(jobId).map(JobView::of).orElseThrow(() -> notFound("no job " + jobId));
  }

  @GET
  @Path("/periods")
  public List<PeriodDto> periods() {
    return store.periods().stream().map(v -> PeriodDto.of(v, null)).toList();
  }

  @GET
  @Path("/periods/{period}")
  public PeriodDto period(@PathParam("period") String period) {
    YearMonth p = YearMonth.parse(period);
    PeriodView v = store.period(p).orElseThrow(() -> notFound("period " + p + " has no jobs"));
    return PeriodDto.of(v, store.jobs(p).stream().map(JobView::of).toList());
  }

  /** Asks for the period's close (again); it runs once every job of the period is done. */
  @POST
  @Path("/periods/{period}/close")
  public Response close(@PathParam("period") String period, @HeaderParam(Operator.HEADER) String operator,
      @Context HttpServerRequest http) {
    YearMonth p = YearMonth.parse(period);
    if (!store.armClose(p, clock.instant())) {
      throw notFound("period " + p + " has no jobs");
    }
    Operator who = Operator.of(operator, http);
    audit.record("period.close", who.name(), who.remote(), Map.of("period", p.toString()));
    closes.checkSoon(p);
    return Response.accepted(PeriodDto.of(store.period(p).orElseThrow(), null)).build();
  }

  /** Cursors (job progress) matching the given parts of their name; every part is optional. */
  @GET
  @Path("/cursors")
  public Map<String, CursorState> cursors(@QueryParam("provider") String provider, @QueryParam("source") String source,
      @QueryParam("account") String account, @QueryParam("period") String period,
      @QueryParam("dataset") String dataset) {
    String glob = String.join(":", part(provider == null ? null : Provider.of(provider).code()), part(source),
        part(account), part(period == null ? null : YearMonth.parse(period).toString()), part(dataset)) + ":*";
    return cursors.list(glob);
  }

  /** The configured providers and accounts (business-unit hints, sources and datasets). */
  @GET
  @Path("/accounts")
  public List<FleetCatalog.Account> accounts() {
    return catalog.allAccounts();
  }

  @GET
  @Path("/audit")
  public List<AuditLog.Entry> audit(@QueryParam("limit") @DefaultValue("100") int limit) {
    return audit.recent(Math.min(limit, AuditLog.KEEP));
  }

  private static String part(String value) {
    return value == null || value.isBlank() ? "*" : RedisGlob.escape(value);
  }

  private static JobState parseState(String state) {
    try {
      return JobState.of(state);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown state '" + state
          + "' (known: unpublished, pending, running, done, failed)");
    }
  }

  static NotFoundException notFound(String message) {
    return new NotFoundException(ApiExceptionMappers.json(Response.Status.NOT_FOUND, message));
  }
}
