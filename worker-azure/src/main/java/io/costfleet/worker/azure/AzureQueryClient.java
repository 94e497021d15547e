package io.costfleet.worker.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.Context;
import com.azure.json.JsonProviders;
import com.azure.json.JsonWriter;
import com.azure.resourcemanager.costmanagement.models.QueryDefinition;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costfleet.source.MalformedPayloadException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Objects;

/**
 * Calls {@code POST {scope}/providers/Microsoft.CostManagement/query} through the Azure SDK's HTTP
 * pipeline (the one {@code CostManagementManager} builds: ARM bearer-token challenge policy, user
 * agent, request id, logging, the JDK HTTP client) and follows {@code nextLink} by posting the
 * same body to it, as the API requires. The response body is parsed here rather than by the SDK's
 * model so that costs stay exact decimals ({@code 19.545363672276512} is not a double).
 *
 * <p>A non-2xx answer is thrown as the SDK's {@link ManagementException}, which
 * {@link AzureErrors} translates.
 */
public final class AzureQueryClient {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private final HttpPipeline pipeline;
  private final URI endpoint;
  private final String apiVersion;

  /** One answer: its headers and its body as received and as parsed. */
  public record Answer(int status, HttpHeaders headers, byte[] body, JsonNode json) {}

  public AzureQueryClient(HttpPipeline pipeline, URI endpoint, String apiVersion) {
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.apiVersion = Objects.requireNonNull(apiVersion, "apiVersion");
  }

  /** The URL of a scope's first page. */
  public String firstPageUrl(AzureScope scope) {
    String base = endpoint.toString().replaceAll("/+$", "");
    return base + "/" + scope.path() + "/providers/Microsoft.CostManagement/query?api-version=" + apiVersion;
  }

  /**
   * Posts the query to {@code url} (the first page's URL or a {@code nextLink}).
   *
   * @throws ManagementException for a non-2xx answer
   * @throws MalformedPayloadException for a body that is not a query result
   */
  public Answer post(String url, QueryDefinition definition) {
    requireSameOrigin(url);
    HttpRequest request = new HttpRequest(HttpMethod.POST, url)
        .setHeader(HttpHeaderName.CONTENT_TYPE, "application/json")
        .setHeader(HttpHeaderName.ACCEPT, "application/json")
        .setBody(body(definition));
    try (HttpResponse received = pipeline.sendSync(request, Context.NONE)) {
      HttpResponse response = received.buffer();
      int status = response.getStatusCode();
      byte[] bytes = response.getBodyAsBinaryData() == null ? new byte[0] : response.getBodyAsBinaryData().toBytes();
      if (status == 204) {
        return new Answer(status, response.getHeaders(), bytes, null);
      }
      if (status < 200 || status > 299) {
        throw new ManagementException("Cost Management query failed with status " + status,
            response, error(bytes, status));
      }
      try {
        JsonNode json = JSON.readTree(bytes);
        if (json == null || !json.path("properties").isObject()) {
          throw new MalformedPayloadException("Cost Management query answer has no properties object: "
              + abbreviate(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)));
        }
        return new Answer(status, response.getHeaders(), bytes, json);
      } catch (IOException e) {
        throw new MalformedPayloadException("Cost Management query answer is not JSON: " + e.getMessage(), e);
      }
    }
  }

  private void requireSameOrigin(String url) {
    URI target = URI.create(url);
    if (!Objects.equals(target.getScheme(), endpoint.getScheme()) || !Objects.equals(target.getHost(), endpoint.getHost())
        || target.getPort() != endpoint.getPort()) {
      // The bearer token must never be sent to a host other than the configured management endpoint.
      throw new MalformedPayloadException("nextLink " + url + " is not on the management endpoint " + endpoint);
    }
  }

  static byte[] body(QueryDefinition definition) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonWriter writer = JsonProviders.createWriter(out)) {
      definition.toJson(writer);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialize the query definition", e);
    }
    return out.toByteArray();
  }

  private static ManagementError error(byte[] bytes, int status) {
    try {
      JsonNode node = JSON.readTree(bytes);
      JsonNode e = node == null ? null : node.path("error");
      if (e != null && e.isObject()) {
        return new ManagementError(e.path("code").asText(String.valueOf(status)), e.path("message").asText(""));
      }
    } catch (IOException ignored) {
      // the status says enough; the body was not the ARM error shape
    }
    return new ManagementError(String.valueOf(status), abbreviate(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)));
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 197) + "...";
  }
}
