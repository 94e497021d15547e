package io.costfleet.dispatcher.dbtelemetry;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.costfleet.dbtelemetry.DbQuotaStatus;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/quota/db/{tenant}?storage_bytes=&compute_seconds=}: a tenant's database storage and
 * compute quota check from the latest telemetry samples, for a request of that much more (default 0).
 * 404 for a tenant no endpoint defines; {@code is_degraded} with the staleness when samples are old.
 */
@Path("/api/v1/quota/db")
@Produces(MediaType.APPLICATION_JSON)
public class DbQuotaResource {
  private final DbQuotas quotas;

  public DbQuotaResource(DbQuotas quotas) {
    this.quotas = quotas;
  }

  @GET
  @Path("/{tenant}")
  public Response check(@PathParam("tenant") String tenant,
      @QueryParam("storage_bytes") @DefaultValue("0") long storageBytes,
      @QueryParam("compute_seconds") @DefaultValue("0") BigDecimal computeSeconds) throws IOException {
    if (storageBytes < 0 || computeSeconds.signum() < 0) {
      throw new BadRequestException("storage_bytes and compute_seconds must not be negative");
    }
    DbQuotaStatus s = quotas.check(tenant, storageBytes, computeSeconds)
        .orElseThrow(() -> new NotFoundException("no database tenant '" + tenant + "' in costfleet.db-telemetry"));
    return new Response(s.tenant(), s.costCenter(), s.period().toString(), s.endpoints(), s.allowed(), s.degraded(),
        s.staleness() == null ? null : s.staleness().toSeconds(), s.sampledAt(), dimension(s.storage()),
        dimension(s.compute()));
  }

  private static Dimension dimension(DbQuotaStatus.Dimension d) {
    return new Dimension(d.unit(), d.used(), d.requested(), d.limit(), d.effectiveLimit(), d.allowed());
  }

  /** The answer; {@code staleness_seconds} and {@code sampled_at} are null when an endpoint was never sampled. */
  public record Response(String tenant, @JsonProperty("cost_center") String costCenter, String period,
      List<String> endpoints, boolean allowed, @JsonProperty("is_degraded") boolean degraded,
      @JsonProperty("staleness_seconds") Long stalenessSeconds, @JsonProperty("sampled_at") Instant sampledAt,
      Dimension storage, Dimension compute) {}

  /** One dimension: {@code effective_quota} is the quota, or its degraded fraction. */
  public record Dimension(String unit, BigDecimal used, BigDecimal requested, BigDecimal quota,
      @JsonProperty("effective_quota") BigDecimal effectiveQuota, boolean allowed) {}
}
