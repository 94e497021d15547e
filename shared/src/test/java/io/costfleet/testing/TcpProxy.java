package io.costfleet.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder on 127.0.0.1 to a target (the shared Redis): point a client at {@link #port()} and
 * {@link #cut()} to make the service "unreachable" for that client alone (its port closed, its open
 * connections dropped) without stopping the service others use; {@link #restore()} listens on the same
 * port again.
 */
public final class TcpProxy implements AutoCloseable {
  private final String targetHost;
  private final int targetPort;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile ServerSocket server;
  private int port;

  private TcpProxy(String targetHost, int targetPort) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
  }

  /** Starts forwarding an ephemeral port to {@code host:port}. */
  public static TcpProxy to(String host, int port) {
    TcpProxy p = new TcpProxy(host, port);
    p.listen(0);
    return p;
  }

  /** To the test Redis ({@code -Dcostfleet.redis.host/port}, default 127.0.0.1:6379). */
  public static TcpProxy toRedis() {
    return to(System.getProperty("costfleet.redis.host", "127.0.0.1"), Integer.getInteger("costfleet.redis.port", 6379));
  }

  public int port() {
    return port;
  }

  private synchronized void listen(int onPort) {
    try {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", onPort));
      port = s.getLocalPort();
      server = s;
      Thread accept = new Thread(() -> accept(s), "tcp-proxy-" + port);
      accept.setDaemon(true);
      accept.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on 127.0.0.1:" + onPort, e);
    }
  }

  private void accept(ServerSocket s) {
    while (!s.isClosed()) {
      try {
        Socket client = s.accept();
        Socket upstream = new Socket(targetHost, targetPort);
        open.add(client);
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[8192];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // either side closed
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "tcp-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  /** Closes the port and drops every open connection: clients now get "connection refused". */
  public synchronized void cut() {
    closeQuietly(server);
    for (Socket s : open) {
      closeQuietly(s);
    }
    open.clear();
  }

  /** Listens on the same port again. */
  public synchronized void restore() {
    if (server == null || server.isClosed()) {
      listen(port);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      if (c != null) {
        c.close();
      }
    } catch (Exception ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    cut();
  }
}
