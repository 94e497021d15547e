package io.costfleet.worker.aws.cur;

import java.time.Instant;

/** One S3 object as listed or headed: key, size, last modification and ETag. */
record S3ObjectInfo(String key, long size, Instant lastModified, String etag) {}
