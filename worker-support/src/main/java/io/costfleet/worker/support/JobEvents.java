package io.costfleet.worker.support;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.costfleet.job.CloudEvent;
import io.costfleet.job.ExtractionJob;
import io.costfleet.runner.RunOutcome;

/**
 * The CloudEvents a worker publishes on {@code <ns>.events}: {@code io.costfleet.job.completed}
 * (with the job's counts) and {@code io.costfleet.job.failed} (dead-lettered, with stage and
 * exception). Event ids are derived from the job id, so a repeated event (a redelivered job that
 * was already done) carries the same id and consumers can deduplicate it.
 */
final class JobEvents {
  private final String source;

  JobEvents(String provider, String workerId) {
    this.source = "urn:costfleet:worker:" + provider + ":" + workerId;
  }

  CloudEvent completed(ExtractionJob job, RunOutcome.Completed c, int attempt) {
    ObjectNode data = job(job);
    data.put("pages", c.pages());
    data.put("rows", c.rows());
    data.put("quarantined", c.quarantined());
    data.put("estimated", c.estimated());
    data.put("alreadyDone", c.alreadyDone());
    data.put("attempt", attempt);
    return CloudEvent.withId(job.jobId() + ":completed", source, CloudEvent.JOB_COMPLETED, job.jobId(), data);
  }

  CloudEvent failed(ExtractionJob job, String stage, Throwable cause, int attempts) {
    ObjectNode data = job(job);
    data.put("stage", stage);
    data.put("exceptionClass", cause.getClass().getName());
    data.put("exceptionMessage", String.valueOf(cause.getMessage()));
    data.put("attempts", attempts);
    return CloudEvent.withId(job.jobId() + ":failed", source, CloudEvent.JOB_FAILED, job.jobId(), data);
  }

  private static ObjectNode job(ExtractionJob job) {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.put("jobId", job.jobId());
    data.put("provider", job.provider().code());
    data.put("source", job.source());
    data.put("accountId", job.accountId());
    data.put("billingPeriod", job.billingPeriod().toString());
    data.put("dataset", job.dataset().code());
    data.put("windowStart", job.window().start().toString());
    data.put("windowEnd", job.window().end().toString());
    if (job.part() != null) {
      data.put("part", job.part());
    }
    data.put("generation", job.generation());
    return data;
  }
}
