package io.costfleet.source;

/**
 * Turns one raw record into canonical records. Pure: the same raw record and context always give
 * the same result; no I/O, no clock, no randomness. A value it cannot parse is reported as a
 * violation (never thrown), so the record is quarantined with every reason.
 *
 * @param <T> the source's raw record type
 */
public interface Normalizer<T> {

  NormalizeResult normalize(RawRecord<T> raw, NormalizeContext context);

  /** The raw record as text for the quarantine file (JSON for JSON sources, the CSV line for CSV). */
  String rawText(T raw);
}
