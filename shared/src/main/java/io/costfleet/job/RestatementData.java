package io.costfleet.job;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costfleet.source.PoisonMessageException;
import java.time.YearMonth;
import java.util.Objects;

/**
 * The {@code data} of a {@link CloudEvent#SOURCE_RESTATED} event: a provider published a new version of a
 * period's data (a new CUR {@code assemblyId}, a re-run Azure export, late BigQuery rows). The dispatcher
 * answers with a restatement re-sync: the affected jobs again, one {@code generation} further, at priority
 * {@link Priority#MONTH_END}.
 *
 * <p>{@code accountId} and {@code source} may be null (every configured account / source of the provider).
 * {@code version} identifies the new data; the same version reported twice is re-synced once.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RestatementData(
    Provider provider,
    String source,
    String accountId,
    @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = "yyyy-MM") YearMonth billingPeriod,
    String version,
    String reason) {

  public RestatementData {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(billingPeriod, "billingPeriod");
  }

  public CloudEvent toEvent(String eventSource, ObjectMapper mapper) {
    String subject = provider.code() + "/" + billingPeriod + (accountId == null ? "" : "/" + accountId);
    return CloudEvent.of(eventSource, CloudEvent.SOURCE_RESTATED, subject, mapper.valueToTree(this));
  }

  /** @throws PoisonMessageException if the event's data is not restatement data */
  public static RestatementData of(CloudEvent event, ObjectMapper mapper) {
    if (event.data() == null || event.data().isNull()) {
      throw new PoisonMessageException("event " + event.id() + " of type " + event.type() + " has no data");
    }
    try {
      return mapper.treeToValue(event.data(), RestatementData.class);
    } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
      throw new PoisonMessageException("event " + event.id() + " has no valid restatement data: " + e.getMessage(), e);
    }
  }
}
