package io.costfleet.worker.aws.ce;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Keeps the bytes of the last HTTP response body received on the calling thread (the sync client
 * calls on the caller's thread), so the source archives and parses exactly what the service sent.
 */
final class ResponseCapture implements ExecutionInterceptor {
  private final ThreadLocal<byte[]> last = new ThreadLocal<>();

  @Override
  public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
      ExecutionAttributes executionAttributes) {
    Optional<InputStream> body = context.responseBody();
    if (body.isEmpty()) {
      last.set(new byte[0]);
      return body;
    }
    try (InputStream in = body.get()) {
      byte[] bytes = in.readAllBytes();
      last.set(bytes);
      return Optional.of(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The body captured by the last call on this thread (and forgets it). */
  byte[] take() {
    byte[] bytes = last.get();
    last.remove();
    return bytes == null ? new byte[0] : bytes;
  }
}
