package io.costfleet.worker.aws.cur;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds the S3 client of the CUR source: synchronous, JDK {@code HttpURLConnection} transport (no
 * netty), no SDK retries (failures are typed and retried by the runner with the fleet's back-off),
 * checksums only where S3 requires them. With an endpoint it talks path-style to an S3-compatible
 * server (the simulator, MinIO); without one, to AWS.
 */
public final class CurS3Client {
  private CurS3Client() {}

  /**
   * @param endpoint  null for AWS, else e.g. {@code http://127.0.0.1:9000} (path-style)
   * @param region    the bucket's region
   * @param accessKey null to use the default AWS credentials chain
   * @param secretKey the secret of {@code accessKey}
   */
  public static S3Client create(String endpoint, String region, String accessKey, String secretKey) {
    AwsCredentialsProvider credentials = accessKey == null || accessKey.isBlank()
        ? DefaultCredentialsProvider.builder().build()
        : StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
    var builder = S3Client.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .region(Region.of(region))
        .credentialsProvider(credentials)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
    if (endpoint != null && !endpoint.isBlank()) {
      builder.endpointOverride(URI.create(endpoint)).forcePathStyle(true);
    }
    return builder.build();
  }
}
