package io.costfleet.worker.support;

import io.costfleet.job.DeadLetterHeaders.Stage;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Provider;
import io.costfleet.job.TraceContext;
import io.costfleet.job.WireCodec;
import io.costfleet.runner.DeliveryPolicy;
import io.costfleet.runner.DeliveryPolicy.Decision;
import io.costfleet.runner.ExtractionRunner;
import io.costfleet.runner.RunListener;
import io.costfleet.runner.RunOutcome;
import io.costfleet.runner.StopSignal;
import io.costfleet.source.CostSource;
import io.costfleet.source.ErrorClassifier;
import io.costfleet.source.PermanentException;
import io.costfleet.source.PoisonMessageException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Decodes a job message, runs it through the {@link ExtractionRunner} with the source it names,
 * and decides with the {@link DeliveryPolicy} what the broker does with the message. No broker
 * calls here: {@link DeliveryActions} applies the decision.
 */
final class JobProcessor {
  /** A processed delivery: the decoded job (null if undecodable), its attempt, the decision, the outcome if it ran. */
  record Processed(ExtractionJob job, int attempt, Decision decision, RunOutcome outcome) {}

  /**
   * MDC keys every log line of a job carries (JSON logs show them as fields), with {@code traceId} and
   * {@code spanId}: the message's {@code traceparent} trace and a new span (a new trace without one).
   */
  static final String MDC_JOB_ID = "costfleet.jobId";
  static final String MDC_PROVIDER = "costfleet.provider";
  static final String MDC_SOURCE = "costfleet.source";

  private static final Logger log = LoggerFactory.getLogger(JobProcessor.class);

  private final Provider provider;
  private final String retryQueue;
  private final WireCodec codec;
  private final ExtractionRunner runner;
  private final SourceRegistry sources;
  private final ErrorClassifier classifier;
  private final DeliveryPolicy policy;
  private final StopSignal stop;

  JobProcessor(WorkerContext context, ExtractionRunner runner, SourceRegistry sources, ErrorClassifier classifier,
      DeliveryPolicy policy, StopSignal stop) {
    this.provider = context.provider();
    this.retryQueue = context.topology().retryQueue(context.provider());
    this.codec = context.codec();
    this.runner = runner;
    this.sources = sources;
    this.classifier = classifier;
    this.policy = policy;
    this.stop = stop;
  }

  Processed process(byte[] body, Map<String, Object> headers, RunStarted started) {
    ExtractionJob job;
    try {
      job = codec.decodeJob(body);
    } catch (PoisonMessageException e) {
      log.error("undecodable job message on the {} queue goes to the dead-letter queue: {}", provider.code(),
          e.getMessage());
      return new Processed(null, 1, new Decision.DeadLetter(Stage.DECODE, e, 1), null);
    }
    TraceContext trace = TraceContext.parse(headers == null ? null : headers.get(TraceContext.HEADER))
        .map(TraceContext::child).orElseGet(TraceContext::newRoot);
    try (MDC.MDCCloseable id = MDC.putCloseable(MDC_JOB_ID, job.jobId());
         MDC.MDCCloseable p = MDC.putCloseable(MDC_PROVIDER, job.provider().code());
         MDC.MDCCloseable s = MDC.putCloseable(MDC_SOURCE, job.source());
         MDC.MDCCloseable t = MDC.putCloseable(TraceContext.MDC_TRACE_ID, trace.traceId());
         MDC.MDCCloseable sp = MDC.putCloseable(TraceContext.MDC_SPAN_ID, trace.spanId())) {
      return processDecoded(job, headers, started);
    }
  }

  private Processed processDecoded(ExtractionJob job, Map<String, Object> headers, RunStarted started) {
    int attempt = DeliveryPolicy.attemptNumber(job, headers, retryQueue);
    if (job.provider() != provider) {
      PermanentException misrouted = new PermanentException("job " + job.jobId() + " of provider "
          + job.provider().code() + " reached the " + provider.code() + " worker");
      return new Processed(job, attempt, new Decision.DeadLetter(Stage.DECODE, misrouted, attempt), null);
    }
    try {
      int n = attempt;
      RunOutcome outcome = run(job, sources.get(job.source()), (j, cursor) -> started.started(j, n));
      return new Processed(job, attempt, policy.onOutcome(outcome), outcome);
    } catch (RuntimeException e) {
      Decision decision = policy.onFailure(job, attempt, e, classifier);
      log.warn("job {} attempt {} failed: {} -> {}", job.jobId(), attempt, e.getMessage(),
          decision.getClass().getSimpleName());
      return new Processed(job, attempt, decision, null);
    }
  }

  private <T> RunOutcome run(ExtractionJob job, CostSource<T> source, RunListener listener) {
    return runner.run(job, source, classifier, stop, listener);
  }

  /** Told when a run holds its lease and starts. */
  @FunctionalInterface
  interface RunStarted {
    void started(ExtractionJob job, int attempt);
  }
}
