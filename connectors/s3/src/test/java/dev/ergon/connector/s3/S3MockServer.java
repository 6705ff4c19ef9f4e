package dev.ergon.connector.s3;

import com.adobe.testing.s3mock.S3MockApplication;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3Mock server inside the test JVM on a free HTTP port, behind a {@link SerializingProxy}, with
 * an admin client. One server serves all test classes of the module ({@link #shared()}); each test
 * works in buckets of its own.
 */
final class S3MockServer implements AutoCloseable {
  private static @org.jspecify.annotations.Nullable S3MockServer shared;

  /** The server of this test JVM, started on first use and stopped when the JVM exits. */
  static synchronized S3MockServer shared() {
    if (shared == null) {
      S3MockServer server = new S3MockServer();
      Runtime.getRuntime().addShutdownHook(new Thread(server::close));
      shared = server;
    }
    return shared;
  }

  private final S3MockApplication app;
  private final SerializingProxy proxy;
  final URI endpoint;
  final S3Client admin;

  @SuppressWarnings("removal") // getHttpPort: the plain-HTTP port, which the tests use
  S3MockServer() {
    Path root;
    try {
      root = Files.createTempDirectory("ergon-s3mock");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    app =
        S3MockApplication.start(
            new HashMap<>(
                Map.of(
                    S3MockApplication.PROP_HTTP_PORT,
                    S3MockApplication.RANDOM_PORT,
                    S3MockApplication.PROP_HTTPS_PORT,
                    S3MockApplication.RANDOM_PORT,
                    S3MockApplication.PROP_ROOT_DIRECTORY,
                    root.toString(),
                    S3MockApplication.PROP_SILENT,
                    true,
                    "server.address",
                    "127.0.0.1",
                    "spring.main.banner-mode",
                    "off")));
    try {
      proxy = new SerializingProxy(URI.create("http://127.0.0.1:" + app.getHttpPort()));
    } catch (java.io.IOException e) {
      app.stop();
      throw new IllegalStateException(e);
    }
    endpoint = proxy.endpoint();
    admin =
        S3Client.builder()
            .region(Region.US_EAST_1)
            .endpointOverride(endpoint)
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("admin", "secret")))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
  }

  /** Settings on {@code bucket} for this server: path style, static test credentials. */
  S3Config.Builder base(String bucket) {
    return S3Config.builder()
        .bucket(bucket)
        .endpoint(endpoint)
        .pathStyle(true)
        .credentials("test-key", "test-secret");
  }

  /** The keys under {@code prefix}, in order. */
  java.util.List<String> keys(String bucket, String prefix) {
    return admin.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
        .map(software.amazon.awssdk.services.s3.model.S3Object::key)
        .toList();
  }

  /** An object's content as text. */
  String text(String bucket, String key) {
    return admin.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
  }

  /** Writes an object. */
  void put(String bucket, String key, String contentType, String body) {
    admin.putObject(
        b -> b.bucket(bucket).key(key).contentType(contentType),
        software.amazon.awssdk.core.sync.RequestBody.fromString(body));
  }

  /** Creates a bucket with a fresh name and returns the name. */
  String bucket(String prefix) {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    admin.createBucket(b -> b.bucket(name));
    return name;
  }

  @Override
  public void close() {
    admin.close();
    proxy.close();
    app.stop();
  }
}
