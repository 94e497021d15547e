package io.costfleet.degrade;

import java.time.YearMonth;
import java.util.List;

/**
 * Where last-good spend snapshots are kept. A store keeps, per provider account and period, the
 * snapshot with the latest {@link SpendSnapshot#asOf()}: putting an older one than it holds changes
 * nothing, so replicas racing on the same account cannot move the data back in time.
 */
public interface LastGoodStore {

  /** Keeps {@code snapshot} unless the store holds a newer one of the same account and period. */
  void put(SpendSnapshot snapshot);

  /** Every snapshot of {@code period}, in no particular order. */
  List<SpendSnapshot> period(YearMonth period);
}
