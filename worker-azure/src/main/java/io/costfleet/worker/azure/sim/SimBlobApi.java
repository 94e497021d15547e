package io.costfleet.worker.azure.sim;

import com.sun.net.httpserver.HttpExchange;
import io.costfleet.sim.FaultDecision;
import io.costfleet.sim.FaultInjector;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The slice of the Azure Blob Storage REST API a cost-export reader uses, path-style
 * ({@code /{account}/{container}/{blob}}, as the SDK addresses an IP endpoint): List Blobs
 * ({@code ?restype=container&comp=list} with {@code prefix}, {@code marker}, {@code maxresults}),
 * Get Blob with {@code x-ms-range}/{@code Range}, Get Blob Properties ({@code HEAD}). Bearer token
 * required. Faults apply to blob reads: a throttle is Storage's {@code 503 ServerBusy}, an error
 * a {@code 500}, an outage a {@code 503}.
 */
final class SimBlobApi {
  private static final String VERSION = "2025-01-05";
  private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

  private final String account;
  private final SimBlobStore store;
  private final FaultInjector faults;
  private final SimRequestLog log;

  SimBlobApi(String account, SimBlobStore store, FaultInjector faults, SimRequestLog log) {
    this.account = account;
    this.store = store;
    this.faults = faults;
    this.log = log;
  }

  void handle(HttpExchange ex) throws IOException {
    Instant now = Instant.now();
    String path = ex.getRequestURI().getPath();
    String rest = path.substring(account.length() + 2);
    int slash = rest.indexOf('/');
    String container = slash < 0 ? rest : rest.substring(0, slash);
    String blob = slash < 0 ? "" : rest.substring(slash + 1);
    String clientType = ex.getRequestHeaders().getFirst("ClientType");
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    if (auth == null || !auth.equals("Bearer " + SimulatorCredential.TOKEN)) {
      ex.getResponseHeaders().set("WWW-Authenticate",
          "Bearer authorization_uri=https://login.microsoftonline.com/common/oauth2/authorize resource_id=https://storage.azure.com");
      error(ex, now, path, container, clientType, 401, "InvalidAuthenticationInfo", "Server failed to authenticate the request.");
      return;
    }
    Map<String, String> params = params(ex.getRequestURI().getRawQuery());
    if (blob.isEmpty()) {
      if ("container".equals(params.get("restype")) && "list".equals(params.get("comp"))) {
        list(ex, now, path, container, clientType, params);
      } else {
        error(ex, now, path, container, clientType, 400, "UnsupportedQueryParameter", "only List Blobs is simulated");
      }
      return;
    }
    FaultDecision fault = faults.next();
    if (fault instanceof FaultDecision.Throttle t) {
      ex.getResponseHeaders().set("Retry-After", Integer.toString(t.retryAfterSeconds()));
      error(ex, now, path, container, clientType, 503, "ServerBusy", "The server is busy.");
      return;
    }
    if (fault instanceof FaultDecision.ServerError) {
      error(ex, now, path, container, clientType, 500, "InternalError", "The server encountered an internal error.");
      return;
    }
    if (fault instanceof FaultDecision.Outage) {
      error(ex, now, path, container, clientType, 503, "ServiceUnavailable", "The storage account is unavailable.");
      return;
    }
    SimBlobStore.Blob b = store.get(container, blob);
    if (b == null) {
      error(ex, now, path, container, clientType, 404, store.hasContainer(container) ? "BlobNotFound" : "ContainerNotFound",
          "The specified blob does not exist.");
      return;
    }
    read(ex, now, path, container, clientType, b);
  }

  private void read(HttpExchange ex, Instant now, String path, String container, String clientType, SimBlobStore.Blob b)
      throws IOException {
    var h = ex.getResponseHeaders();
    common(ex);
    h.set("Content-Type", b.contentType());
    h.set("ETag", b.etag());
    h.set("Last-Modified", RFC_1123.format(b.lastModified()));
    h.set("x-ms-creation-time", RFC_1123.format(b.lastModified()));
    h.set("x-ms-blob-type", "BlockBlob");
    h.set("x-ms-lease-state", "available");
    h.set("x-ms-lease-status", "unlocked");
    h.set("x-ms-server-encrypted", "true");
    h.set("Accept-Ranges", "bytes");
    int total = b.content().length;
    if (ex.getRequestMethod().equals("HEAD")) {
      h.set("Content-Length", Integer.toString(total));
      log.add(new SimRequestLog.Entry(now, "blob", "HEAD", path, container, 200, false, clientType));
      ex.sendResponseHeaders(200, -1);
      return;
    }
    String range = ex.getRequestHeaders().getFirst("x-ms-range");
    if (range == null) {
      range = ex.getRequestHeaders().getFirst("Range");
    }
    int from = 0;
    int to = total - 1;
    int status = 200;
    if (range != null) {
      Matcher m = RANGE.matcher(range.strip());
      if (!m.matches()) {
        error(ex, now, path, container, clientType, 400, "InvalidHeaderValue", "bad range " + range);
        return;
      }
      from = Integer.parseInt(m.group(1));
      to = m.group(2).isEmpty() ? total - 1 : (int) Math.min(total - 1L, Long.parseLong(m.group(2)));
      if (from >= total) {
        h.set("Content-Range", "bytes */" + total);
        error(ex, now, path, container, clientType, 416, "InvalidRange", "The range specified is invalid for the current size of the resource.");
        return;
      }
      h.set("Content-Range", "bytes " + from + "-" + to + "/" + total);
      status = 206;
    }
    int length = to - from + 1;
    log.add(new SimRequestLog.Entry(now, "blob", "GET", path, container, status, false, clientType));
    ex.sendResponseHeaders(status, length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b.content(), from, length);
    }
  }

  private void list(HttpExchange ex, Instant now, String path, String container, String clientType,
      Map<String, String> params) throws IOException {
    if (!store.hasContainer(container)) {
      error(ex, now, path, container, clientType, 404, "ContainerNotFound", "The specified container does not exist.");
      return;
    }
    String prefix = params.getOrDefault("prefix", "");
    String marker = params.getOrDefault("marker", "");
    int max = Integer.parseInt(params.getOrDefault("maxresults", "5000"));
    List<SimBlobStore.Blob> all = store.list(container, prefix).stream()
        .filter(b -> marker.isEmpty() || b.name().compareTo(marker) >= 0).toList();
    List<SimBlobStore.Blob> page = all.subList(0, Math.min(max, all.size()));
    String next = all.size() > max ? all.get(max).name() : "";
    String host = ex.getRequestHeaders().getFirst("Host");
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>")
        .append("<EnumerationResults ServiceEndpoint=\"https://").append(esc(host)).append('/').append(esc(account))
        .append("/\" ContainerName=\"").append(esc(container)).append("\">")
        .append("<Prefix>").append(esc(prefix)).append("</Prefix>")
        .append(marker.isEmpty() ? "" : "<Marker>" + esc(marker) + "</Marker>")
        .append("<MaxResults>").append(max).append("</MaxResults><Blobs>");
    for (SimBlobStore.Blob b : page) {
      xml.append("<Blob><Name>").append(esc(b.name())).append("</Name><Properties>")
          .append("<Creation-Time>").append(RFC_1123.format(b.lastModified())).append("</Creation-Time>")
          .append("<Last-Modified>").append(RFC_1123.format(b.lastModified())).append("</Last-Modified>")
          .append("<Etag>").append(esc(b.etag())).append("</Etag>")
          .append("<Content-Length>").append(b.content().length).append("</Content-Length>")
          .append("<Content-Type>").append(esc(b.contentType())).append("</Content-Type>")
          .append("<BlobType>BlockBlob</BlobType><AccessTier>Hot</AccessTier><AccessTierInferred>true</AccessTierInferred>")
          .append("<LeaseStatus>unlocked</LeaseStatus><LeaseState>available</LeaseState>")
          .append("<ServerEncrypted>true</ServerEncrypted></Properties></Blob>");
    }
    xml.append("</Blobs><NextMarker>").append(esc(next)).append("</NextMarker></EnumerationResults>");
    byte[] body = xml.toString().getBytes(StandardCharsets.UTF_8);
    common(ex);
    ex.getResponseHeaders().set("Content-Type", "application/xml");
    log.add(new SimRequestLog.Entry(now, "blob", "LIST", path, container, 200, false, clientType));
    ex.sendResponseHeaders(200, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private void error(HttpExchange ex, Instant now, String path, String container, String clientType, int status,
      String code, String message) throws IOException {
    byte[] body = ("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + code + "</Code><Message>" + esc(message)
        + "\nRequestId:" + UUID.randomUUID() + "</Message></Error>").getBytes(StandardCharsets.UTF_8);
    common(ex);
    ex.getResponseHeaders().set("x-ms-error-code", code);
    ex.getResponseHeaders().set("Content-Type", "application/xml");
    log.add(new SimRequestLog.Entry(now, "blob", ex.getRequestMethod(), path, container, status, false, clientType));
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private static void common(HttpExchange ex) {
    String version = ex.getRequestHeaders().getFirst("x-ms-version");
    ex.getResponseHeaders().set("x-ms-version", version == null ? VERSION : version);
    ex.getResponseHeaders().set("x-ms-request-id", UUID.randomUUID().toString());
    String clientRequestId = ex.getRequestHeaders().getFirst("x-ms-client-request-id");
    if (clientRequestId != null) {
      ex.getResponseHeaders().set("x-ms-client-request-id", clientRequestId);
    }
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static Map<String, String> params(String rawQuery) {
    Map<String, String> out = new HashMap<>();
    if (rawQuery == null) {
      return out;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      out.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }
}
