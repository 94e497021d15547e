package io.costfleet.dispatcher.quota;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.costfleet.degrade.DegradationDetector.ProviderState;
import io.costfleet.degrade.Freshness;
import io.costfleet.dispatcher.api.ApiDtos;
import io.costfleet.quota.BudgetStatus;
import io.costfleet.quota.Projection;
import io.costfleet.quota.QuotaDecision;
import io.costfleet.quota.QuotaRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Quota decisions and budget standing for the current billing period, from the last-good snapshots:
 * {@code GET /api/v1/quota/{costCenter}?amount=} (or {@code ?quantity=&service=[&unit=]}) and
 * {@code GET /api/v1/budgets}. A decision is 200 whether it allows or denies; 404 for a cost center without a
 * budget; 400 for a malformed request. Every answer carries {@code is_degraded} and {@code staleness_seconds}.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class QuotaResource {
  private final QuotaService quota;

  public QuotaResource(QuotaService quota) {
    this.quota = quota;
  }

  @GET
  @Path("/quota/{costCenter}")
  public QuotaAnswer decide(@PathParam("costCenter") String costCenter, @QueryParam("amount") BigDecimal amount,
      @QueryParam("quantity") BigDecimal quantity, @QueryParam("service") String service,
      @QueryParam("unit") String unit) {
    if ((amount == null) == (quantity == null)) {
      throw new IllegalArgumentException("give the proposed spend as ?amount=<money> or ?quantity=<units>&service=<name>");
    }
    QuotaRequest request = amount != null ? new QuotaRequest.Amount(amount, blankToNull(service))
        : new QuotaRequest.Usage(quantity, blankToNull(service), blankToNull(unit));
    QuotaService.Answer a = quota.decide(costCenter, request)
        .orElseThrow(() -> new NotFoundException("no budget for cost center '" + costCenter
            + "' (costfleet.budgets.cost-centers)"));
    QuotaDecision d = a.decision();
    Freshness f = d.freshness();
    QuotaDecision.Pricing p = d.pricing();
    return new QuotaAnswer(d.costCenter(), d.period().toString(), d.currency(), d.allowed(),
        d.allowed() ? "allow" : "deny", f.degraded(), f.stalenessSeconds(), f.asOf(), f.reasons(), d.conservative(),
        a.store().code(), new Pricing(p.basis(), p.requested(), p.service(), p.unit(), p.lastKnownUnitCost(),
            p.highestUnitCost(), p.factor(), p.cost()),
        d.checks().stream().map(QuotaResource::check).toList(), providers(a.providers()), d.notes());
  }

  @GET
  @Path("/budgets")
  public BudgetsAnswer budgets() {
    QuotaService.Budgets b = quota.budgets();
    Freshness f = b.freshness();
    return new BudgetsAnswer(b.period().toString(), f.degraded(), f.stalenessSeconds(), f.asOf(), f.reasons(),
        b.store().code(), b.budgets().stream().map(QuotaResource::budget).toList());
  }

  private static Check check(QuotaDecision.Check c) {
    Projection p = c.projection();
    return new Check(c.scope().code(), c.name(), c.budget(), c.limit(), p.actual(), p.forecast(), p.method(),
        p.runRate(), p.windowDays(), p.through(), p.remainingDays(), c.request(), c.projected(), c.allowed());
  }

  private static Budget budget(BudgetStatus s) {
    Projection p = s.projection();
    return new Budget(s.budget().scope().code(), s.budget().name(), s.budget().amount(), p.actual(), p.forecast(),
        p.projected(), p.through(), s.thresholds().stream().map(t -> new ThresholdState(t.threshold().toString(),
            t.amount(), t.value(), t.crossed())).toList());
  }

  private static List<ProviderAnswer> providers(Map<io.costfleet.job.Provider, ProviderState> states) {
    return states.values().stream().map(s -> {
      Map<String, String> circuits = new TreeMap<>();
      s.circuits().forEach((endpoint, state) -> circuits.put(endpoint, state.name().toLowerCase(Locale.ROOT)));
      return new ProviderAnswer(s.provider().code(), s.freshness().degraded(), circuits, s.asOf(),
          s.staleness() == null ? null : s.staleness().toSeconds(), s.freshness().reasons());
    }).toList();
  }

  /** 404 with the JSON error body the rest of the API uses. */
  @ServerExceptionMapper
  public Response notFound(NotFoundException e) {
    return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ApiDtos.ErrorBody(e.getMessage())).build();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /** The answer to {@code GET /api/v1/quota/{costCenter}}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record QuotaAnswer(@JsonProperty("cost_center") String costCenter, String period, String currency,
      boolean allowed, String decision, @JsonProperty("is_degraded") boolean degraded,
      @JsonProperty("staleness_seconds") Long stalenessSeconds, @JsonProperty("data_as_of") Instant dataAsOf,
      @JsonProperty("degraded_reasons") List<String> degradedReasons, boolean conservative, String store,
      Pricing request, List<Check> checks, List<ProviderAnswer> providers, List<String> notes) {}

  /** How the request was priced. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Pricing(String basis, BigDecimal requested, String service, String unit,
      @JsonProperty("last_known_unit_cost") BigDecimal lastKnownUnitCost,
      @JsonProperty("highest_unit_cost") BigDecimal highestUnitCost, BigDecimal factor, BigDecimal cost) {}

  /** One budget the request was checked against. */
  public record Check(String scope, String name, BigDecimal budget, BigDecimal limit, BigDecimal actual,
      BigDecimal forecast, @JsonProperty("forecast_method") String forecastMethod,
      @JsonProperty("run_rate") BigDecimal runRate, @JsonProperty("window_days") int windowDays,
      @JsonProperty("data_through") LocalDate dataThrough, @JsonProperty("remaining_days") long remainingDays,
      BigDecimal request, BigDecimal projected, boolean allowed) {}

  /** One provider's part in the answer. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ProviderAnswer(String provider, @JsonProperty("is_degraded") boolean degraded,
      Map<String, String> circuits, @JsonProperty("data_as_of") Instant dataAsOf,
      @JsonProperty("staleness_seconds") Long stalenessSeconds, List<String> reasons) {}

  /** The answer to {@code GET /api/v1/budgets}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record BudgetsAnswer(String period, @JsonProperty("is_degraded") boolean degraded,
      @JsonProperty("staleness_seconds") Long stalenessSeconds, @JsonProperty("data_as_of") Instant dataAsOf,
      @JsonProperty("degraded_reasons") List<String> degradedReasons, String store, List<Budget> budgets) {}

  /** One budget's standing. */
  public record Budget(String scope, String name, BigDecimal amount, BigDecimal actual, BigDecimal forecast,
      BigDecimal projected, @JsonProperty("data_through") LocalDate dataThrough, List<ThresholdState> thresholds) {}

  /** One threshold's standing. */
  public record ThresholdState(String threshold, BigDecimal amount, BigDecimal value, boolean crossed) {}
}
