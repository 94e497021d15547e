package io.costfleet.worker.azure.sim;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import reactor.core.publisher.Mono;

/**
 * The fixed credential of the simulator: a bearer token the simulator accepts and nothing else
 * does. Workers use it when {@code costfleet.azure.credential=simulator}.
 */
public final class SimulatorCredential implements TokenCredential {
  /** The only token the simulator accepts. */
  public static final String TOKEN = "costfleet-simulator-token";

  private static final OffsetDateTime EXPIRES = OffsetDateTime.of(2099, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  @Override
  public Mono<AccessToken> getToken(TokenRequestContext request) {
    return Mono.just(getTokenSync(request));
  }

  @Override
  public AccessToken getTokenSync(TokenRequestContext request) {
    return new AccessToken(TOKEN, EXPIRES);
  }
}
