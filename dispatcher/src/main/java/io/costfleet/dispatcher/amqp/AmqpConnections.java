package io.costfleet.dispatcher.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.costfleet.dispatcher.config.DispatcherConfig;
import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * The dispatcher's one RabbitMQ connection, opened on first use and opened again after it was lost (the
 * publisher and the event consumer re-create their channels on it). Automatic recovery is off: a lost
 * channel fails its outstanding publishes at once instead of confirming them on a new channel's numbers.
 */
public final class AmqpConnections implements AutoCloseable {
  private final ConnectionFactory factory;
  private final String name;
  private Connection connection;

  public AmqpConnections(ConnectionFactory factory, String name) {
    this.factory = factory;
    this.name = name;
  }

  /** A factory for the configured broker (TLS with the JVM's trust store and host name verification). */
  public static ConnectionFactory factory(DispatcherConfig.RabbitConfig config) {
    ConnectionFactory f = new ConnectionFactory();
    f.setHost(config.host());
    f.setPort(config.port());
    f.setUsername(config.username());
    f.setPassword(config.password());
    f.setVirtualHost(config.virtualHost());
    f.setConnectionTimeout((int) config.connectionTimeout().toMillis());
    f.setAutomaticRecoveryEnabled(false);
    f.setTopologyRecoveryEnabled(false);
    if (config.tls()) {
      try {
        f.useSslProtocol(SSLContext.getDefault());
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("no default TLS context", e);
      }
      f.enableHostnameVerification();
    }
    return f;
  }

  public synchronized Connection connection() throws IOException {
    if (connection == null || !connection.isOpen()) {
      try {
        connection = factory.newConnection(name);
      } catch (TimeoutException e) {
        throw new IOException("connecting to RabbitMQ at " + factory.getHost() + ":" + factory.getPort()
            + " timed out", e);
      }
    }
    return connection;
  }

  public Channel openChannel() throws IOException {
    Channel channel = connection().createChannel();
    if (channel == null) {
      throw new IOException("RabbitMQ refused a new channel (channel limit reached)");
    }
    return channel;
  }

  public synchronized boolean isOpen() {
    return connection != null && connection.isOpen();
  }

  @Override
  public synchronized void close() {
    if (connection != null && connection.isOpen()) {
      try {
        connection.close(5_000);
      } catch (IOException | RuntimeException ignored) {
        // closing anyway; the broker drops the connection when the process ends
      }
    }
    connection = null;
  }
}
