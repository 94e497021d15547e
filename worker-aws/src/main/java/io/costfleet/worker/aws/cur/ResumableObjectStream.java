package io.costfleet.worker.aws.cur;

import io.costfleet.source.UnavailableException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads one S3 object front to back over as many ranged GETs as it takes: when the connection
 * breaks (or ends before the object's size), it reopens at the byte it had reached
 * ({@code Range: bytes=N-}, {@code If-Match: etag}) instead of starting the file, and the gzip
 * decoder above it never notices. This is byte continuation of one download, not a retry policy:
 * after {@code maxResumes} breaks in a row without a byte of progress it fails with
 * {@link UnavailableException} (unchecked on purpose, so the CSV layer does not mistake a network
 * failure for a malformed file), and the runner's retry resumes the job from its cursor.
 */
final class ResumableObjectStream extends InputStream {
  private final S3ReportStore store;
  private final String bucket;
  private final S3ObjectInfo object;
  private final int maxResumes;
  private InputStream current;
  private long position;
  private int breaksWithoutProgress;
  private long resumes;

  ResumableObjectStream(S3ReportStore store, String bucket, S3ObjectInfo object, int maxResumes) {
    this.store = store;
    this.bucket = bucket;
    this.object = object;
    this.maxResumes = maxResumes;
  }

  /** How many times the download was resumed mid-object. */
  long resumes() {
    return resumes;
  }

  long position() {
    return position;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (true) {
      if (object.size() >= 0 && position >= object.size()) {
        return -1;
      }
      IOException failure;
      try {
        if (current == null) {
          current = store.open(bucket, object.key(), position, object.etag());
        }
        int n = current.read(b, off, len);
        if (n > 0) {
          position += n;
          breaksWithoutProgress = 0;
          return n;
        }
        if (n < 0 && object.size() < 0) {
          return -1;
        }
        failure = new IOException("connection ended at byte " + position + " of " + object.size());
      } catch (IOException e) {
        failure = e;
      }
      closeCurrent();
      if (++breaksWithoutProgress > maxResumes) {
        throw new UnavailableException("download of " + object.key() + " broke " + breaksWithoutProgress
            + " times at byte " + position + ": " + failure.getMessage(), failure);
      }
      resumes++;
    }
  }

  private void closeCurrent() {
    if (current != null) {
      try {
        if (current instanceof software.amazon.awssdk.core.ResponseInputStream<?> response) {
          response.abort();
        }
        current.close();
      } catch (IOException ignored) {
        // the connection is dropped either way; a next read opens a new one
      }
      current = null;
    }
  }

  @Override
  public void close() {
    closeCurrent();
  }
}
