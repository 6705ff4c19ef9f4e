package dev.ergon.connector.s3.internal;

import dev.ergon.connector.s3.S3Config;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds S3 clients from settings. */
public final class Clients {
  private Clients() {}

  /**
   * A client for the settings' region, endpoint, addressing style and credentials, on the
   * URL-connection HTTP client.
   *
   * @param config the settings
   * @return the client
   */
  public static S3Client create(S3Config config) {
    S3ClientBuilder b =
        S3Client.builder()
            .region(Region.of(config.region()))
            .forcePathStyle(config.pathStyle())
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
