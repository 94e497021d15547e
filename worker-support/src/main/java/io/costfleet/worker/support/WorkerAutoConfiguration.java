package io.costfleet.worker.support;

import io.costfleet.job.WireCodec;
import io.costfleet.redis.RedisCoordination;
import io.costfleet.ratelimit.RedisRateLimiter;
import io.costfleet.ratelimit.RateLimiter;
import io.costfleet.resilience.CircuitBreaker;
import io.costfleet.resilience.CircuitBreakerMetrics;
import io.costfleet.resilience.RedisCircuitBreaker;
import io.costfleet.runner.DeliveryPolicy;
import io.costfleet.runner.ExtractionRunner;
import io.costfleet.runner.RunnerCoordination;
import io.costfleet.source.CostSource;
import io.costfleet.source.ErrorClassifier;
import io.costfleet.staging.StagingLayout;
import io.costfleet.state.CursorStore;
import io.costfleet.state.JobLeases;
import io.costfleet.state.RedisCursorStore;
import io.costfleet.state.RedisJobLeases;
import io.costfleet.validation.RecordValidator;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.SplittableRandom;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The worker runtime: everything a provider worker needs besides its {@link CostSource} beans, its
 * {@link ErrorClassifier} (the SDK exception translator) and its simulator. See the README,
 * "Worker runtime".
 */
@AutoConfiguration(after = RabbitAutoConfiguration.class)
@EnableConfigurationProperties({WorkerProperties.class, CoordinationProperties.class, RateLimitProperties.class,
    StorageProperties.class, TopologyProperties.class, BreakerProperties.class})
public class WorkerAutoConfiguration {
  @Bean
  @ConditionalOnMissingBean
  WireCodec costfleetWireCodec() {
    return new WireCodec();
  }

  @Bean
  WorkerContext costfleetWorkerContext(WorkerProperties worker, TopologyProperties topology, WireCodec codec) {
    return new WorkerContext(worker.provider(), worker.id(), topology.topology(), codec);
  }

  @Bean
  @ConditionalOnMissingBean
  Clock costfleetClock() {
    return Clock.systemUTC();
  }

  @Bean
  @ConditionalOnMissingBean
  StagingLayout costfleetStagingLayout(StorageProperties storage) {
    return new StagingLayout(storage.root());
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  RecordValidator costfleetRecordValidator() {
    return new RecordValidator();
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  RedisCoordination costfleetRedisCoordination(CoordinationProperties redis, WorkerProperties worker) {
    return RedisCoordination.connect(redis.config(), "costfleet-" + worker.provider().code() + "-" + worker.id());
  }

  @Bean
  RedisHealthIndicator costfleetRedisHealthIndicator(RedisCoordination redis) {
    return new RedisHealthIndicator(redis);
  }

  @Bean
  @ConditionalOnMissingBean
  JobLeases costfleetJobLeases(RedisCoordination redis) {
    return new RedisJobLeases(redis);
  }

  @Bean
  @ConditionalOnMissingBean
  CursorStore costfleetCursorStore(RedisCoordination redis) {
    return new RedisCursorStore(redis);
  }

  /** The fleet-wide token buckets ({@code ratelimit:{provider}:{scope}}), sized by {@code costfleet.ratelimit.*}. */
  @Bean
  @ConditionalOnMissingBean
  RateLimiter costfleetRateLimiter(RedisCoordination redis, RateLimitProperties rateLimits) {
    return new RedisRateLimiter(redis, (provider, scope) -> rateLimits.config(scope));
  }

  /** The fleet-wide circuits ({@code breaker:{provider}:{endpoint}}): the whole fleet opens together. */
  @Bean
  @ConditionalOnMissingBean
  CircuitBreaker costfleetCircuitBreaker(RedisCoordination redis, BreakerProperties breaker,
      CircuitBreakerMetrics metrics) {
    return new RedisCircuitBreaker(redis, breaker.config(), List.of(metrics));
  }

  /** A MeterBinder: Spring Boot binds it to the registry. */
  @Bean
  CircuitBreakerMetrics costfleetCircuitBreakerMetrics() {
    return new CircuitBreakerMetrics();
  }

  @Bean
  @ConditionalOnMissingBean
  ErrorClassifier costfleetErrorClassifier() {
    return ErrorClassifier.typedOnly();
  }

  @Bean
  SourceRegistry costfleetSourceRegistry(List<CostSource<?>> sources) {
    return new SourceRegistry(sources);
  }

  @Bean(destroyMethod = "close")
  ExtractionRunner costfleetExtractionRunner(JobLeases leases, CursorStore cursors, RateLimiter rateLimiter,
      CircuitBreaker breaker, StagingLayout layout, RecordValidator validator, MeterRegistry registry,
      WorkerProperties worker, Clock clock) {
    return new ExtractionRunner(new RunnerCoordination(leases, cursors, rateLimiter, breaker), layout, validator,
        registry, worker.runnerSettings(), clock);
  }

  @Bean
  DeliveryPolicy costfleetDeliveryPolicy(WorkerProperties worker) {
    return new DeliveryPolicy(worker.deliverySettings(), new SplittableRandom());
  }

  @Bean
  ShutdownSignal costfleetShutdownSignal() {
    return new ShutdownSignal();
  }

  @Bean
  WorkerRuntime costfleetWorkerRuntime(WorkerContext context, WorkerProperties worker,
      ConnectionFactory connectionFactory, ExtractionRunner runner, SourceRegistry sources,
      ErrorClassifier classifier, DeliveryPolicy policy, ShutdownSignal shutdown, MeterRegistry registry) {
    JobProcessor processor = new JobProcessor(context, runner, sources, classifier, policy, shutdown);
    DeliveryActions actions = new DeliveryActions(context, registry, worker.confirmTimeout());
    return new WorkerRuntime(context, worker, connectionFactory, new JobListener(processor, actions), shutdown);
  }
}
