package io.costfleet.quota;

import java.util.Optional;

/**
 * Makes a budget breach be announced once per threshold and period across every dispatcher replica
 * and every sync: a breach is claimed before its event is published, confirmed after, released when
 * publishing failed (so the next evaluation tries again). A claim never confirmed (its holder died)
 * lapses after a short while; the event id is deterministic, so a second publication after such a
 * lapse is recognisable as the same event.
 */
public interface BreachGuard {

  /** Claims the breach {@code id}; empty when it was announced already or another replica is announcing it. */
  Optional<String> claim(String id);

  /** The breach's event was published. */
  void confirm(String id, String token);

  /** The breach's event could not be published: let the next evaluation claim it again. */
  void release(String id, String token);
}
