package io.costfleet.dispatcher.period;

import io.costfleet.job.ExtractionJob;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/** The default {@link PeriodCloser} until a close engine is installed: logs what would be closed. */
public final class LoggingPeriodCloser implements PeriodCloser {
  private static final Logger LOG = Logger.getLogger(LoggingPeriodCloser.class);

  @Override
  public Result close(PeriodCloseRequest request) {
    Map<String, Long> byProvider = new TreeMap<>(request.jobs().stream()
        .collect(Collectors.groupingBy(j -> j.provider().code(), Collectors.counting())));
    long rowsHint = request.jobs().stream().map(ExtractionJob::accountId).distinct().count();
    String summary = "no close engine installed; " + request.jobs().size() + " jobs " + byProvider + " over "
        + rowsHint + " accounts under " + request.storageRoot();
    LOG.infof("period %s is ready to close: %s", request.period(), summary);
    return new Closed(summary);
  }
}
