package io.costfleet.worker.aws.sim;

import com.sun.net.httpserver.HttpExchange;
import io.costfleet.sim.FaultDecision;
import io.costfleet.sim.GroundTruth;
import io.costfleet.sim.SimulatorServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * An S3-compatible server for the CUR source, path-style REST as the real SDK client speaks it:
 *
 * <pre>
 * GET  /BUCKET?list-type=2&amp;prefix=P[&amp;continuation-token=T][&amp;max-keys=N]   ListObjectsV2
 * GET  /BUCKET/KEY   [Range: bytes=A-[B]] [If-Match: etag]                   GetObject (206 for a range)
 * HEAD /BUCKET/KEY                                                         HeadObject
 * </pre>
 *
 * plus the control plane of {@link SimulatorServer} ({@code /_sim/faults}, {@code /_sim/stats},
 * {@code /_sim/truth}) and {@code POST /_sim/s3/break?bytes=N}: every GetObject body is cut off
 * after N bytes (0 switches it off), as a dropped connection would. Faults are S3's own answers:
 * throttling is {@code 503 SlowDown} with {@code Retry-After}, server errors {@code 500
 * InternalError}, an outage {@code 503 ServiceUnavailable}.
 */
public final class S3Simulator implements AutoCloseable {
  private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);

  private final S3Objects objects;
  private final SimulatorServer server;
  private final AtomicLong breakAfterBytes = new AtomicLong();
  private final AtomicLong bytesServed = new AtomicLong();

  /**
   * @param port  0 for an ephemeral port
   * @param truth the ground truth served at {@code /_sim/truth}
   */
  public S3Simulator(String host, int port, S3Objects objects, Supplier<GroundTruth> truth) throws IOException {
    this.objects = objects;
    this.server = new SimulatorServer(host, port, truth);
    server.route("/_sim/s3/break", ex -> {
      String bytes = query(ex).getOrDefault("bytes", "0");
      breakAfterBytes.set(Long.parseLong(bytes));
      SimulatorServer.respond(ex, 200, "text/plain", ("break after " + bytes).getBytes(StandardCharsets.UTF_8));
    });
    server.route("/", this::handle);
  }

  public S3Simulator start() {
    server.start();
    return this;
  }

  /** {@code http://host:port}: the endpoint override of the S3 client (path-style). */
  public String endpoint() {
    return server.baseUrl();
  }

  public S3Objects objects() {
    return objects;
  }

  public SimulatorServer server() {
    return server;
  }

  /** Cuts every GetObject body after this many bytes (0: never). */
  public void breakDownloadsAfter(long bytes) {
    breakAfterBytes.set(bytes);
  }

  /** Object bytes sent so far (all GetObject bodies). */
  public long bytesServed() {
    return bytesServed.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = percentDecode(ex.getRequestURI().getRawPath());
    String method = ex.getRequestMethod();
    String[] parts = path.substring(1).split("/", 2);
    String bucket = parts[0];
    String key = parts.length > 1 ? parts[1] : "";
    if (bucket.isEmpty() || !(method.equals("GET") || method.equals("HEAD"))) {
      error(ex, 405, "MethodNotAllowed", "the simulator serves GET and HEAD", path);
      return;
    }
    FaultDecision fault = server.faults().next();
    if (fault instanceof FaultDecision.Throttle t) {
      ex.getResponseHeaders().set("Retry-After", Integer.toString(t.retryAfterSeconds()));
      error(ex, 503, "SlowDown", "Please reduce your request rate.", path);
      return;
    }
    if (fault instanceof FaultDecision.ServerError) {
      error(ex, 500, "InternalError", "We encountered an internal error. Please try again.", path);
      return;
    }
    if (fault instanceof FaultDecision.Outage) {
      error(ex, 503, "ServiceUnavailable", "Service is unable to handle request.", path);
      return;
    }
    if (!objects.hasBucket(bucket)) {
      error(ex, 404, "NoSuchBucket", "The specified bucket does not exist", bucket);
    } else if (key.isEmpty()) {
      list(ex, bucket);
    } else {
      object(ex, bucket, key, method.equals("HEAD"));
    }
  }

  private void list(HttpExchange ex, String bucket) throws IOException {
    Map<String, String> q = query(ex);
    String prefix = q.getOrDefault("prefix", "");
    int max = Math.max(1, Math.min(1000, Integer.parseInt(q.getOrDefault("max-keys", "1000"))));
    String token = q.get("continuation-token");
    String after = token == null ? q.get("start-after")
        : new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    List<S3Objects.StoredObject> found = objects.list(bucket, prefix, after, max);
    boolean truncated = found.size() > max;
    List<S3Objects.StoredObject> page = truncated ? found.subList(0, max) : found;
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">")
        .append("<Name>").append(esc(bucket)).append("</Name><Prefix>").append(esc(prefix)).append("</Prefix>")
        .append("<KeyCount>").append(page.size()).append("</KeyCount><MaxKeys>").append(max).append("</MaxKeys>")
        .append("<IsTruncated>").append(truncated).append("</IsTruncated>");
    if (token != null) {
      xml.append("<ContinuationToken>").append(esc(token)).append("</ContinuationToken>");
    }
    if (truncated) {
      String last = page.get(page.size() - 1).key();
      xml.append("<NextContinuationToken>")
          .append(Base64.getUrlEncoder().encodeToString(last.getBytes(StandardCharsets.UTF_8)))
          .append("</NextContinuationToken>");
    }
    for (S3Objects.StoredObject o : page) {
      xml.append("<Contents><Key>").append(esc(o.key())).append("</Key><LastModified>")
          .append(ISO.format(o.lastModified())).append("</LastModified><ETag>").append(esc(o.etag()))
          .append("</ETag><Size>").append(o.size()).append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
    }
    xml.append("</ListBucketResult>");
    SimulatorServer.respond(ex, 200, "application/xml", xml.toString().getBytes(StandardCharsets.UTF_8));
  }

  private void object(HttpExchange ex, String bucket, String key, boolean head) throws IOException {
    S3Objects.StoredObject o = objects.get(bucket, key);
    if (o == null) {
      error(ex, 404, "NoSuchKey", "The specified key does not exist.", key);
      return;
    }
    String ifMatch = ex.getRequestHeaders().getFirst("If-Match");
    if (ifMatch != null && !ifMatch.equals(o.etag())) {
      error(ex, 412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold", key);
      return;
    }
    long start = 0;
    long end = o.size() - 1;
    String range = ex.getRequestHeaders().getFirst("Range");
    boolean partial = false;
    if (range != null && range.startsWith("bytes=")) {
      String[] r = range.substring(6).split("-", 2);
      start = Long.parseLong(r[0]);
      if (r.length > 1 && !r[1].isEmpty()) {
        end = Math.min(end, Long.parseLong(r[1]));
      }
      if (start >= o.size()) {
        ex.getResponseHeaders().set("Content-Range", "bytes */" + o.size());
        error(ex, 416, "InvalidRange", "The requested range is not satisfiable", key);
        return;
      }
      partial = true;
    }
    long length = end - start + 1;
    var h = ex.getResponseHeaders();
    h.set("Content-Type", "application/octet-stream");
    h.set("ETag", o.etag());
    h.set("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(o.lastModified().atZone(ZoneOffset.UTC)));
    h.set("Accept-Ranges", "bytes");
    h.set("x-amz-request-id", UUID.randomUUID().toString());
    if (partial) {
      h.set("Content-Range", "bytes " + start + "-" + end + "/" + o.size());
    }
    if (head) {
      h.set("Content-Length", Long.toString(o.size()));
      ex.sendResponseHeaders(200, -1);
      return;
    }
    ex.sendResponseHeaders(partial ? 206 : 200, length == 0 ? -1 : length);
    long cut = breakAfterBytes.get();
    try (InputStream in = o.open(start, length); OutputStream out = ex.getResponseBody()) {
      byte[] buf = new byte[1 << 16];
      long sent = 0;
      int n;
      while ((n = in.read(buf)) > 0) {
        if (cut > 0 && sent + n > cut) {
          out.write(buf, 0, (int) (cut - sent));
          bytesServed.addAndGet(cut - sent);
          out.flush();
          // Drop the connection mid-body, as a network failure would.
          throw new IOException("simulated connection drop after " + cut + " bytes");
        }
        out.write(buf, 0, n);
        sent += n;
        bytesServed.addAndGet(n);
      }
    }
  }

  private static void error(HttpExchange ex, int status, String code, String message, String resource)
      throws IOException {
    String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>"
        + esc(message) + "</Message><Resource>" + esc(resource) + "</Resource><RequestId>"
        + UUID.randomUUID() + "</RequestId></Error>";
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.sendResponseHeaders(status, -1);
      return;
    }
    SimulatorServer.respond(ex, status, "application/xml", xml.getBytes(StandardCharsets.UTF_8));
  }

  static Map<String, String> query(HttpExchange ex) {
    Map<String, String> q = new HashMap<>();
    String raw = ex.getRequestURI().getRawQuery();
    if (raw == null) {
      return q;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = percentDecode(eq < 0 ? pair : pair.substring(0, eq));
      String v = eq < 0 ? "" : percentDecode(pair.substring(eq + 1).replace("+", "%20"));
      q.put(k, v);
    }
    return q;
  }

  /** Decodes %XX escapes as UTF-8 ('+' stays '+': S3 paths are not form-encoded). */
  static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length()) {
        out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  @Override
  public void close() {
    server.close();
  }
}
