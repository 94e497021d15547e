package io.costfleet.worker.support;

import io.costfleet.job.TopologyDeclarer;
import java.util.EnumSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * Starts and stops the consumption of {@code <ns>.jobs.<provider>}: declares the topology, then
 * runs a listener container with manual acks, bounded prefetch and the configured concurrency.
 *
 * <p>Shutdown is graceful: the {@link ShutdownSignal} is raised first, so each running job
 * finishes the page in flight, commits its cursor and is requeued (nack with requeue) for another
 * worker to resume; the container then waits up to {@code costfleet.worker.shutdown-timeout}.
 */
public final class WorkerRuntime implements SmartLifecycle, DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(WorkerRuntime.class);

  private final WorkerContext context;
  private final ConnectionFactory connectionFactory;
  private final ShutdownSignal shutdown;
  private final SimpleMessageListenerContainer container;
  private volatile boolean running;

  WorkerRuntime(WorkerContext context, WorkerProperties properties, ConnectionFactory connectionFactory,
      JobListener listener, ShutdownSignal shutdown) {
    this.context = context;
    this.connectionFactory = connectionFactory;
    this.shutdown = shutdown;
    this.container = new SimpleMessageListenerContainer(connectionFactory);
    container.setQueueNames(context.topology().jobsQueue(context.provider()));
    container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
    container.setPrefetchCount(properties.prefetch());
    container.setConcurrentConsumers(properties.concurrency());
    container.setShutdownTimeout(properties.shutdownTimeout().toMillis());
    container.setDefaultRequeueRejected(false);
    container.setMessageListener(listener);
    container.setAutoStartup(false);
    container.setBeanName("costfleet-" + context.provider().code() + "-jobs");
    container.afterPropertiesSet();
  }

  @Override
  public void start() {
    new RabbitTemplate(connectionFactory).execute(channel -> {
      new TopologyDeclarer(context.topology()).declare(channel, EnumSet.of(context.provider()));
      return null;
    });
    container.start();
    running = true;
    log.info("worker {} consuming {} with {} consumer(s)", context.workerId(),
        context.topology().jobsQueue(context.provider()), container.getActiveConsumerCount());
  }

  @Override
  public void stop() {
    log.info("worker {} stopping: running jobs finish their page and are requeued", context.workerId());
    shutdown.request();
    container.stop();
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Jobs being consumed right now (for tests and health details). */
  public int activeConsumers() {
    return container.getActiveConsumerCount();
  }

  @Override
  public void destroy() {
    container.destroy();
  }
}
