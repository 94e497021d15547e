package io.costfleet.worker.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import io.costfleet.source.BadCredentialsException;
import io.costfleet.source.Failure;
import io.costfleet.source.PermanentException;
import io.costfleet.source.SchemaException;
import io.costfleet.source.ThrottledException;
import io.costfleet.source.UnavailableException;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class BigQueryErrorTranslatorTest {
  final BigQueryErrorTranslator t = new BigQueryErrorTranslator("bigquery");

  static BigQueryException error(int code, String reason, String message) {
    return new BigQueryException(code, message, new BigQueryError(reason, "global", message));
  }

  @Test
  void translatesEachFailureToItsTypedException() {
    assertThat(t.apply(error(403, "rateLimitExceeded", "Exceeded rate limits")))
        .isInstanceOfSatisfying(ThrottledException.class, e -> {
          assertThat(e.scope()).isEqualTo("bigquery");
          assertThat(e.retryAfter()).isEmpty();
        });
    assertThat(t.apply(error(429, null, "Too many requests"))).isInstanceOf(ThrottledException.class);
    assertThat(t.apply(error(403, "quotaExceeded", "Quota exceeded"))).isInstanceOf(ThrottledException.class);
    assertThat(t.apply(error(500, "backendError", "x"))).isInstanceOf(UnavailableException.class);
    assertThat(t.apply(error(503, null, "x"))).isInstanceOf(UnavailableException.class);
    assertThat(t.apply(new BigQueryException(new ConnectException("refused")))).isInstanceOf(UnavailableException.class);
    assertThat(t.apply(error(403, "accessDenied", "Access Denied: Table"))).isInstanceOf(BadCredentialsException.class);
    assertThat(t.apply(error(401, null, "Unauthorized"))).isInstanceOf(BadCredentialsException.class);
    assertThat(t.apply(error(400, "invalidQuery", "Unrecognized name: cost_type at [4:7]")))
        .isInstanceOfSatisfying(SchemaException.class, e -> assertThat(e.missingColumns()).containsExactly("cost_type"));
    assertThat(t.apply(error(400, "invalidQuery", "Syntax error"))).isInstanceOf(PermanentException.class);
    assertThat(t.apply(error(404, "notFound", "Not found: Table"))).isInstanceOf(PermanentException.class);
    assertThat(t.apply(new IOException("x"))).isNull();
  }

  @Test
  void theClassifierRetriesThrottlingAndDeadLettersSchemaErrors() {
    var classifier = t.classifier();
    assertThat(classifier.classify(new RuntimeException("wrapped", error(403, "rateLimitExceeded", "slow down"))))
        .isInstanceOfSatisfying(Failure.Retry.class, r -> assertThat(r.cause()).isInstanceOf(ThrottledException.class));
    assertThat(classifier.classify(error(400, "invalidQuery", "Unrecognized name: currency")))
        .isInstanceOfSatisfying(Failure.Reject.class, r -> assertThat(r.cause()).hasMessageContaining("currency"));
  }
}
