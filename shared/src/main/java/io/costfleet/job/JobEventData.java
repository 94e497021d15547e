package io.costfleet.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costfleet.source.PoisonMessageException;
import java.util.Objects;

/**
 * The {@code data} of a job lifecycle event on {@code <ns>.events}: {@link CloudEvent#JOB_STARTED} when a
 * worker holds the job's lease and starts (or resumes) it, {@link CloudEvent#JOB_COMPLETED} after its last
 * cursor commit, {@link CloudEvent#JOB_FAILED} when it fails. The worker that ran the job publishes it; the
 * dispatcher's period tracker consumes it.
 *
 * <ul>
 *   <li>{@code jobId} is required. {@code job} is the job as the worker received it: the tracker uses its
 *       {@code requestedAt} to ignore events of an older enqueue of the same job, and its fields to track a
 *       job it did not enqueue itself (for instance after Redis lost its state).</li>
 *   <li>completed: {@code pages}, {@code rows} (staged) and {@code quarantined} counts.</li>
 *   <li>failed: {@code stage} (a {@link DeadLetterHeaders.Stage} name), {@code exceptionClass},
 *       {@code exceptionMessage}, and {@code deadLettered}: {@code true} when the job went to its dead-letter
 *       queue (final until an operator replays it), {@code false} when a retry is scheduled.</li>
 * </ul>
 *
 * The event's {@code subject} is the job id; its routing key is the type without {@code io.costfleet.}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobEventData(
    String jobId,
    ExtractionJob job,
    String worker,
    Long pages,
    Long rows,
    Long quarantined,
    String stage,
    String exceptionClass,
    String exceptionMessage,
    Boolean deadLettered) {

  public JobEventData {
    Objects.requireNonNull(jobId, "jobId");
    if (job != null && !job.jobId().equals(jobId)) {
      throw new IllegalArgumentException("jobId " + jobId + " does not match its job " + job.jobId());
    }
  }

  public static JobEventData started(ExtractionJob job, String worker) {
    return new JobEventData(job.jobId(), job, worker, null, null, null, null, null, null, null);
  }

  public static JobEventData completed(ExtractionJob job, String worker, long pages, long rows, long quarantined) {
    return new JobEventData(job.jobId(), job, worker, pages, rows, quarantined, null, null, null, null);
  }

  public static JobEventData failed(ExtractionJob job, String worker, String stage, Throwable error,
      boolean deadLettered) {
    return new JobEventData(job.jobId(), job, worker, null, null, null, stage, error.getClass().getName(),
        DeadLetterHeaders.truncate(String.valueOf(error.getMessage())), deadLettered);
  }

  /** This data as a CloudEvent of {@code type} (one of the {@code JOB_*} types) from {@code eventSource}. */
  public CloudEvent toEvent(String type, String eventSource, ObjectMapper mapper) {
    return CloudEvent.of(eventSource, type, jobId, mapper.valueToTree(this));
  }

  /**
   * The job data of an event.
   *
   * @throws PoisonMessageException if the event has no data or its data is not job event data
   */
  public static JobEventData of(CloudEvent event, ObjectMapper mapper) {
    if (event.data() == null || event.data().isNull()) {
      throw new PoisonMessageException("event " + event.id() + " of type " + event.type() + " has no data");
    }
    try {
      return mapper.treeToValue(event.data(), JobEventData.class);
    } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
      throw new PoisonMessageException("event " + event.id() + " has no valid job data: " + e.getMessage(), e);
    }
  }
}
