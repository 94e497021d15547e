package io.costfleet.dispatcher.period;

/**
 * The hook the dispatcher calls when a period's close is due: it was asked for (month-end jobs, a restatement,
 * a backfill of a finished period, or an operator) and every current job of the period is done. One replica
 * calls it per close; it may take long (it runs on its own thread). The default bean only logs; the close engine
 * (dedupe, allocation, aggregation, reconciliation: {@code shared} package {@code close}) plugs in by providing
 * an {@code @ApplicationScoped} bean of this type, which replaces the default.
 *
 * <p>Closing the same period again (a restatement after a close) must replace the earlier output.
 */
public interface PeriodCloser {

  /** How a close ended. */
  sealed interface Result permits Closed, Failed {}

  /** The period is closed; {@code summary} is shown by the operator API (e.g. totals, report path). */
  record Closed(String summary) implements Result {}

  /** The close failed (e.g. reconciliation gap over 0.1%); {@code reason} names what to re-extract. */
  record Failed(String reason) implements Result {}

  /** Closes a period. An exception counts as {@link Failed} with its message. */
  Result close(PeriodCloseRequest request) throws Exception;
}
