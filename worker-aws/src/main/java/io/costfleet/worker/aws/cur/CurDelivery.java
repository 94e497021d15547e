package io.costfleet.worker.aws.cur;

/**
 * One delivery of a period's CUR: its manifest, where the manifest was read, and its version.
 *
 * @param manifestKey the key of the manifest it was read from
 * @param manifest    the parsed manifest
 * @param version     the delivery's version (S3 time of its first manifest + assembly id)
 */
public record CurDelivery(String manifestKey, CurManifest manifest, CurVersion version) {}
