package io.costfleet.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The demo's HTTP calls: JSON to the dispatcher API, the simulators' control planes, metrics text. */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client;
  private final String token;

  private Http(HttpClient client, String token) {
    this.client = client;
    this.token = token;
  }

  static Http plain(String bearerToken) {
    return new Http(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), bearerToken);
  }

  /** A client that trusts exactly the certificate(s) in a PEM file (the Azure simulator's). */
  static Http trusting(Path pem) throws IOException {
    try (var in = java.nio.file.Files.newInputStream(pem)) {
      Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int i = 0;
      for (Certificate c : certs) {
        ks.setCertificateEntry("sim-" + i++, c);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, tmf.getTrustManagers(), null);
      return new Http(HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build(), null);
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("cannot trust " + pem + ": " + e.getMessage(), e);
    }
  }

  JsonNode getJson(String url) throws IOException, InterruptedException {
    return JSON.readTree(send(request(url).GET().build()));
  }

  String getText(String url) throws IOException, InterruptedException {
    return send(request(url).GET().build());
  }

  JsonNode postJson(String url, Object body) throws IOException, InterruptedException {
    String json = body instanceof String s ? s : JSON.writeValueAsString(body);
    String answer = send(request(url).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    return answer.isBlank() ? JSON.nullNode() : JSON.readTree(answer);
  }

  /** Whether {@code url} answers 200 now (connection refused and errors count as no). */
  boolean ok(String url) {
    try {
      HttpResponse<Void> r = client.send(request(url).GET().build(), HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private HttpRequest.Builder request(String url) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .header("X-Costfleet-Operator", "demo");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private String send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 400) {
      throw new IOException(request.method() + " " + request.uri() + " answered HTTP " + r.statusCode() + ": "
          + r.body());
    }
    return r.body();
  }
}
