package io.costfleet.dispatcher.api;

import io.costfleet.dispatcher.config.DispatcherConfig;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jboss.logging.Logger;

/**
 * Every {@code /api/} request needs {@code Authorization: Bearer <costfleet.api.token>}; otherwise 401. The
 * comparison takes the same time whatever the token; neither the expected nor the offered token is ever logged
 * or echoed.
 */
@Provider
@PreMatching
public class BearerTokenFilter implements ContainerRequestFilter {
  private static final Logger LOG = Logger.getLogger(BearerTokenFilter.class);
  private static final String SCHEME = "Bearer ";

  private final Instance<DispatcherConfig> config;
  private volatile byte[] expected;

  /** The configuration is read on the first request: filters are built before runtime configuration exists. */
  public BearerTokenFilter(Instance<DispatcherConfig> config) {
    this.config = config;
  }

  private byte[] expected() {
    byte[] e = expected;
    if (e == null) {
      e = config.get().api().token().getBytes(StandardCharsets.UTF_8);
      expected = e;
    }
    return e;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if (!path.startsWith("/api/") && !path.equals("/api")) {
      return;
    }
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    byte[] offered = header != null && header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
        ? header.substring(SCHEME.length()).strip().getBytes(StandardCharsets.UTF_8) : new byte[0];
    if (!MessageDigest.isEqual(expected(), offered)) {
      LOG.infof("401 for %s %s (%s)", request.getMethod(), path,
          header == null ? "no Authorization header" : "wrong token");
      request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
          .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"costfleet\"")
          .type(MediaType.APPLICATION_JSON_TYPE)
          .entity(new ApiDtos.ErrorBody("missing or invalid bearer token (Authorization: Bearer <costfleet.api.token>)"))
          .build());
    }
  }
}
