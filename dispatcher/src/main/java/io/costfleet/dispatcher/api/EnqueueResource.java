package io.costfleet.dispatcher.api;

import io.costfleet.dispatcher.api.ApiDtos.BackfillBody;
import io.costfleet.dispatcher.api.ApiDtos.EnqueueResponse;
import io.costfleet.dispatcher.api.ApiDtos.RestatementBody;
import io.costfleet.dispatcher.audit.AuditLog;
import io.costfleet.dispatcher.enqueue.BackfillSpec;
import io.costfleet.dispatcher.enqueue.DispatchService;
import io.costfleet.dispatcher.enqueue.EnqueueService;
import io.costfleet.dispatcher.enqueue.JobPlanner;
import io.costfleet.job.Dataset;
import io.costfleet.job.Priority;
import io.costfleet.job.Provider;
import io.costfleet.job.RestatementData;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Enqueue on demand: backfills, restatement re-syncs, a schedule run now. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EnqueueResource {
  private final DispatchService dispatch;
  private final AuditLog audit;

  public EnqueueResource(DispatchService dispatch, AuditLog audit) {
    this.dispatch = dispatch;
    this.audit = audit;
  }

  @POST
  @Path("/backfills")
  public EnqueueResponse backfill(BackfillBody body, @HeaderParam(Operator.HEADER) String operator,
      @Context HttpServerRequest http) {
    if (body == null) {
      throw new IllegalArgumentException("a JSON body is required");
    }
    Set<Provider> providers = Stream.concat(Stream.ofNullable(body.provider()),
        body.providers() == null ? Stream.empty() : body.providers().stream()).map(Provider::of)
        .collect(Collectors.toSet());
    if (body.from() == null) {
      throw new IllegalArgumentException("'from' (YYYY-MM) is required");
    }
    YearMonth from = YearMonth.parse(body.from());
    YearMonth to = body.to() == null ? from : YearMonth.parse(body.to());
    BackfillSpec spec = new BackfillSpec(providers, set(body.accounts()), from, to,
        body.priority() == null ? Priority.BACKFILL : body.priority(), set(body.sources()),
        set(body.datasets()).stream().map(Dataset::of).collect(Collectors.toSet()),
        Boolean.TRUE.equals(body.resync()), Optional.ofNullable(body.close()));
    EnqueueService.Report report = dispatch.backfill(spec);
    Map<String, String> details = new LinkedHashMap<>();
    details.put("providers", providers.stream().map(Provider::code).sorted().collect(Collectors.joining(",")));
    details.put("accounts", spec.accounts().isEmpty() ? "all" : String.join(",", spec.accounts()));
    details.put("periods", from + ".." + to);
    details.put("priority", Integer.toString(spec.priority()));
    details.put("enqueued", Long.toString(report.count(EnqueueService.Result.ENQUEUED)));
    audit.record("backfill", Operator.of(operator, http).name(), Operator.of(operator, http).remote(), details);
    return EnqueueResponse.of(JobPlanner.BACKFILL, report);
  }

  @POST
  @Path("/restatements")
  public EnqueueResponse restate(RestatementBody body, @HeaderParam(Operator.HEADER) String operator,
      @Context HttpServerRequest http) {
    if (body == null || body.provider() == null || body.period() == null) {
      throw new IllegalArgumentException("'provider' and 'period' (YYYY-MM) are required");
    }
    RestatementData data = new RestatementData(Provider.of(body.provider()), body.source(), body.account(),
        YearMonth.parse(body.period()), body.version(), body.reason());
    EnqueueService.Report report = dispatch.restate(data);
    Operator who = Operator.of(operator, http);
    audit.record("restatement", who.name(), who.remote(), Map.of("provider", data.provider().code(),
        "period", data.billingPeriod().toString(), "account", String.valueOf(data.accountId()),
        "version", String.valueOf(data.version()),
        "enqueued", Long.toString(report.count(EnqueueService.Result.ENQUEUED))));
    return EnqueueResponse.of(JobPlanner.RESTATEMENT, report);
  }

  /** Runs {@code daily} or {@code month-end} now, as of {@code date} (default today, UTC). */
  @POST
  @Path("/schedules/{name}/run")
  public EnqueueResponse run(@PathParam("name") String name, @QueryParam("date") String date,
      @HeaderParam(Operator.HEADER) String operator, @Context HttpServerRequest http) {
    LocalDate day = date == null || date.isBlank() ? dispatch.today() : LocalDate.parse(date);
    EnqueueService.Report report = switch (name) {
      case JobPlanner.DAILY -> dispatch.daily(day);
      case JobPlanner.MONTH_END -> dispatch.monthEnd(day);
      default -> throw new IllegalArgumentException("unknown schedule '" + name + "' (known: daily, month-end)");
    };
    Operator who = Operator.of(operator, http);
    audit.record("schedule.run", who.name(), who.remote(), Map.of("schedule", name, "date", day.toString(),
        "enqueued", Long.toString(report.count(EnqueueService.Result.ENQUEUED))));
    return EnqueueResponse.of(name, report);
  }

  private static Set<String> set(List<String> values) {
    return values == null ? Set.of() : values.stream().filter(v -> v != null && !v.isBlank()).map(String::strip)
        .collect(Collectors.toSet());
  }
}
