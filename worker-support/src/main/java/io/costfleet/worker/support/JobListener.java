package io.costfleet.worker.support;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import java.nio.charset.StandardCharsets;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.amqp.rabbit.support.MessagePropertiesConverter;

/**
 * The listener of the provider's jobs queue (manual acknowledgement): runs the job, then acks,
 * requeues, retries or dead-letters the message on the channel it came from. It never throws for a
 * job's failure; only a broken channel escapes (the broker then redelivers the unacked message).
 */
final class JobListener implements ChannelAwareMessageListener {
  private final JobProcessor processor;
  private final DeliveryActions actions;
  private final MessagePropertiesConverter converter = new DefaultMessagePropertiesConverter();

  JobListener(JobProcessor processor, DeliveryActions actions) {
    this.processor = processor;
    this.actions = actions;
  }

  @Override
  public void onMessage(Message message, Channel channel) throws Exception {
    MessageProperties mp = message.getMessageProperties();
    JobProcessor.Processed processed = processor.process(message.getBody(), mp.getHeaders(),
        (job, attempt) -> actions.started(channel, job, attempt));
    AMQP.BasicProperties props = converter.fromMessageProperties(mp, StandardCharsets.UTF_8.name());
    actions.apply(channel, mp.getDeliveryTag(), mp.getReceivedRoutingKey(), props, message.getBody(), processed);
  }
}
