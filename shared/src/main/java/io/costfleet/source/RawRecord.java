package io.costfleet.source;

/**
 * One record as the source returned it, with its position in the source (file + row, page + group)
 * so a rejected record can be found again.
 *
 * @param <T> the source's raw type (a JSON node, a CSV row, a BigQuery row)
 */
public record RawRecord<T>(String position, T value) {}
