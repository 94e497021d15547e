package io.costfleet.job;

/** AMQP priorities of jobs (queues declare {@code x-max-priority} {@value #MAX}). */
public final class Priority {
  /** Month-end close and restatements. */
  public static final int MONTH_END = 9;
  /** Daily syncs of the current and previous period. */
  public static final int DAILY = 5;
  /** Operator backfills. */
  public static final int BACKFILL = 1;
  /** The queues' maximum priority. */
  public static final int MAX = 10;

  private Priority() {}

  public static int check(int priority) {
    if (priority < 0 || priority > MAX) {
      throw new IllegalArgumentException("priority must be between 0 and " + MAX + ", was " + priority);
    }
    return priority;
  }
}
