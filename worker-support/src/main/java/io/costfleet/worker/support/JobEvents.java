package io.costfleet.worker.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.costfleet.job.CloudEvent;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.JobEventData;
import io.costfleet.runner.RunOutcome;

/**
 * The CloudEvents a worker publishes on {@code <ns>.events}, with {@link JobEventData} as data:
 * {@code job.started} (lease held, starting or resuming), {@code job.completed} (counts, plus
 * {@code estimated}, {@code alreadyDone} and {@code attempt}) and {@code job.failed} (stage,
 * exception, {@code deadLettered}). Event ids are derived from the job id (and the attempt), so a
 * repeated event carries the same id and consumers can deduplicate it.
 */
final class JobEvents {
  private final String source;
  private final String worker;
  private final ObjectMapper mapper;

  JobEvents(String provider, String workerId, ObjectMapper mapper) {
    this.source = "urn:costfleet:worker:" + provider;
    this.worker = workerId;
    this.mapper = mapper;
  }

  CloudEvent started(ExtractionJob job, int attempt) {
    return event(job.jobId() + ":started:" + attempt, CloudEvent.JOB_STARTED, JobEventData.started(job, worker));
  }

  CloudEvent completed(ExtractionJob job, RunOutcome.Completed c, int attempt) {
    ObjectNode data = mapper.valueToTree(JobEventData.completed(job, worker, c.pages(), c.rows(), c.quarantined()));
    data.put("estimated", c.estimated());
    data.put("alreadyDone", c.alreadyDone());
    data.put("attempt", attempt);
    return CloudEvent.withId(job.jobId() + ":completed", source, CloudEvent.JOB_COMPLETED, job.jobId(), data);
  }

  CloudEvent failed(ExtractionJob job, String stage, Throwable cause, int attempt, boolean deadLettered) {
    return event(job.jobId() + ":failed:" + attempt, CloudEvent.JOB_FAILED,
        JobEventData.failed(job, worker, stage, cause, deadLettered));
  }

  private CloudEvent event(String id, String type, JobEventData data) {
    return CloudEvent.withId(id, source, type, data.jobId(), mapper.valueToTree(data));
  }
}
