package io.costfleet.importer;

import io.costfleet.source.NormalizeContext;
import io.costfleet.source.NormalizeResult;
import io.costfleet.source.Normalizer;
import io.costfleet.source.RawRecord;

/**
 * A raw record together with what its format's normalizer made of it. The import normalizes each
 * record once, before staging, because only the canonical record says which partition (billing
 * period, account) it belongs to; the page stager then gets {@link #normalizer} and sees the same
 * result, so validation, staging and quarantine stay the workers' code.
 *
 * @param <T> the format's raw record type
 */
record Prenormalized<T>(T raw, NormalizeResult result) {

  /** Hands back the stored result; the quarantine copy is the original record's text. */
  static <T> Normalizer<Prenormalized<T>> normalizer(Normalizer<T> original) {
    return new Normalizer<>() {
      @Override
      public NormalizeResult normalize(RawRecord<Prenormalized<T>> record, NormalizeContext context) {
        return record.value().result();
      }

      @Override
      public String rawText(Prenormalized<T> record) {
        return original.rawText(record.raw());
      }
    };
  }
}
