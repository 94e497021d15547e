package io.costfleet.dispatcher.enqueue;

/** How an enqueue treats the slot's current job (see {@link SlotPlanner}). */
public enum EnqueueMode {
  /** Daily sync: re-sync (next generation) unless the current job is still in flight. */
  SYNC,
  /** Month-end close job: like {@link #SYNC}, and a pending job of lower priority is re-published at this one. */
  FINAL,
  /** Restatement: always a next generation, unless this data version was already synced. */
  RESTATE,
  /** Backfill: enqueue what is missing or failed; a done job only when a re-sync is asked for. */
  BACKFILL
}
