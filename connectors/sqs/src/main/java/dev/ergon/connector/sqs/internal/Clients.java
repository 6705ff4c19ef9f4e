package dev.ergon.connector.sqs.internal;

import dev.ergon.connector.sqs.SqsConfig;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/** Builds SQS clients from settings. */
public final class Clients {
  private Clients() {}

  /**
   * A client for the settings' region, endpoint and credentials, on the URL-connection HTTP client.
   *
   * @param config the settings
   * @return the client
   */
  public static SqsClient create(SqsConfig config) {
    SqsClientBuilder b =
        SqsClient.builder()
            .region(Region.of(config.region()))
            .httpClientBuilder(UrlConnectionHttpClient.builder());
    if (config.endpoint() != null) {
      b.endpointOverride(config.endpoint());
    }
    if (config.accessKeyId() != null) {
      b.credentialsProvider(
          StaticCredentialsProvider.create(
              AwsBasicCredentials.create(
                  config.accessKeyId(), Objects.requireNonNull(config.secretAccessKey()))));
    } else {
      b.credentialsProvider(DefaultCredentialsProvider.builder().build());
    }
    return b.build();
  }
}
