package io.costfleet.dispatcher.period;

import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Provider;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a close needs to know.
 *
 * @param jobs          the current job of every slot of the period, all done: their staging output
 *                      ({@code staging/.../job=<jobId>/}) is the period's data. Output of superseded jobs (earlier
 *                      generations of the same slot) under the same partitions must be ignored.
 * @param storageRoot   root of the staging layout
 * @param businessUnits business-unit hint per provider and account id, from the configuration (allocation's
 *                      hierarchy fallback)
 */
public record PeriodCloseRequest(YearMonth period, List<ExtractionJob> jobs, Path storageRoot,
    Map<Provider, Map<String, String>> businessUnits) {

  public PeriodCloseRequest {
    jobs = List.copyOf(jobs);
    businessUnits = Map.copyOf(businessUnits);
  }

  public Optional<String> businessUnit(Provider provider, String accountId) {
    return Optional.ofNullable(businessUnits.getOrDefault(provider, Map.of()).get(accountId));
  }
}
