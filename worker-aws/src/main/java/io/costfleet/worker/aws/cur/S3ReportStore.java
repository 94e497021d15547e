package io.costfleet.worker.aws.cur;

import io.costfleet.metrics.MetricNames;
import io.costfleet.source.ThrottledException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.InputStream;
import java.util.function.Supplier;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The three S3 calls the CUR source makes (ListObjectsV2, GetObject with Range, HeadObject) with
 * the real SDK client; failures come out typed ({@link S3Errors}). Every call is counted in
 * {@code costfleet.api.calls{provider=aws, api, outcome=ok|throttled|error}}.
 */
final class S3ReportStore {
  private final S3Client s3;
  private final MeterRegistry registry;

  S3ReportStore(S3Client s3, MeterRegistry registry) {
    this.s3 = s3;
    this.registry = registry;
  }

  private <T> T call(String api, Supplier<T> call) {
    try {
      T result = S3Errors.call(call);
      count(api, "ok");
      return result;
    } catch (ThrottledException e) {
      count(api, "throttled");
      throw e;
    } catch (RuntimeException e) {
      count(api, "error");
      throw e;
    }
  }

  private void count(String api, String outcome) {
    Counter.builder(MetricNames.API_CALLS).tag("provider", "aws").tag("api", api).tag("outcome", outcome)
        .register(registry).increment();
  }

  /** Every object under a prefix (all pages of ListObjectsV2). */
  List<S3ObjectInfo> list(String bucket, String prefix) {
    List<S3ObjectInfo> out = new ArrayList<>();
    String token = null;
    do {
      ListObjectsV2Request.Builder req = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix);
      if (token != null) {
        req.continuationToken(token);
      }
      ListObjectsV2Response page = call("ListObjectsV2", () -> s3.listObjectsV2(req.build()));
      for (S3Object o : page.contents()) {
        out.add(new S3ObjectInfo(o.key(), o.size() == null ? -1 : o.size(), o.lastModified(), o.eTag()));
      }
      token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
    } while (token != null);
    return out;
  }

  /** A small object's bytes (a manifest). */
  byte[] bytes(String bucket, String key) {
    ResponseBytes<GetObjectResponse> b = call("GetObject", () -> s3.getObjectAsBytes(
        GetObjectRequest.builder().bucket(bucket).key(key).build()));
    return b.asByteArray();
  }

  S3ObjectInfo head(String bucket, String key) {
    HeadObjectResponse h = call("HeadObject", () -> s3.headObject(b -> b.bucket(bucket).key(key)));
    return new S3ObjectInfo(key, h.contentLength() == null ? -1 : h.contentLength(), h.lastModified(), h.eTag());
  }

  /**
   * The object's bytes from {@code offset} to its end, only if its ETag is still {@code etag}
   * (HTTP 412 otherwise, translated to a permanent failure).
   */
  InputStream open(String bucket, String key, long offset, String etag) {
    GetObjectRequest.Builder req = GetObjectRequest.builder().bucket(bucket).key(key);
    if (offset > 0) {
      req.range("bytes=" + offset + "-");
    }
    if (etag != null) {
      req.ifMatch(etag);
    }
    ResponseInputStream<GetObjectResponse> in = call("GetObject", () -> s3.getObject(req.build()));
    return in;
  }
}
