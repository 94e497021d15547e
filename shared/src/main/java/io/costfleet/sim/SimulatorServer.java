package io.costfleet.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.costfleet.job.WireCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * The HTTP server every provider simulator runs on (JDK {@code HttpServer}, no framework). A
 * simulator registers its protocol handlers; this class adds the control plane:
 *
 * <pre>
 * GET  /_sim/faults   current FaultPlan        POST /_sim/faults  set a FaultPlan (JSON)
 * GET  /_sim/stats    SimulatorStats           POST /_sim/reset   zero the stats
 * GET  /_sim/truth    GroundTruth              GET  /_sim/health  200 "ok"
 * </pre>
 *
 * <p>It serves plain HTTP, or HTTPS when given an {@link SSLContext} (for SDKs whose credential
 * policies refuse to send a bearer token over HTTP, such as Azure's).
 */
public final class SimulatorServer implements AutoCloseable {
  private final HttpServer server;
  private final boolean tls;
  private final ExecutorService executor;
  private final FaultInjector faults = new FaultInjector();
  private final ObjectMapper json = WireCodec.newMapper();

  /**
   * @param port  0 for an ephemeral port
   * @param truth the simulator's ground truth
   */
  public SimulatorServer(String host, int port, Supplier<GroundTruth> truth) throws IOException {
    this(host, port, truth, null);
  }

  /**
   * @param port  0 for an ephemeral port
   * @param truth the simulator's ground truth
   * @param tls   the server's TLS context, or null for plain HTTP
   */
  public SimulatorServer(String host, int port, Supplier<GroundTruth> truth, SSLContext tls) throws IOException {
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (tls == null) {
      server = HttpServer.create(address, 128);
    } else {
      HttpsServer https = HttpsServer.create(address, 128);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = https;
    }
    this.tls = tls != null;
    executor = Executors.newFixedThreadPool(16, r -> {
      Thread t = new Thread(r, "sim-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/_sim/faults", ex -> {
      if (ex.getRequestMethod().equals("POST")) {
        faults.set(json.readValue(ex.getRequestBody(), FaultPlan.class));
      }
      respondJson(ex, 200, faults.plan());
    });
    server.createContext("/_sim/stats", ex -> respondJson(ex, 200, faults.stats()));
    server.createContext("/_sim/reset", ex -> {
      faults.resetStats();
      respondJson(ex, 200, faults.stats());
    });
    server.createContext("/_sim/truth", ex -> respondJson(ex, 200, truth.get()));
    server.createContext("/_sim/health", ex -> respond(ex, 200, "text/plain", "ok".getBytes(StandardCharsets.UTF_8)));
  }

  /** Registers a protocol handler. */
  public SimulatorServer route(String pathPrefix, HttpHandler handler) {
    server.createContext(pathPrefix, ex -> {
      try {
        handler.handle(ex);
      } catch (RuntimeException | IOException e) {
        respond(ex, 500, "text/plain", ("simulator error: " + e).getBytes(StandardCharsets.UTF_8));
      } finally {
        ex.close();
      }
    });
    return this;
  }

  public SimulatorServer start() {
    server.start();
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String baseUrl() {
    return (tls ? "https://" : "http://") + server.getAddress().getHostString() + ":" + port();
  }

  public FaultInjector faults() {
    return faults;
  }

  public ObjectMapper json() {
    return json;
  }

  public void respondJson(HttpExchange ex, int status, Object body) throws IOException {
    respond(ex, status, "application/json", json.writeValueAsBytes(body));
  }

  public static void respond(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
