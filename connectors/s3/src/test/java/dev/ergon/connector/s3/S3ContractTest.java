package dev.ergon.connector.s3;

import dev.ergon.connector.Connector;
import dev.ergon.test.ConnectorContractTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;

/**
 * The S3 connector passes the conformance kit against S3Mock in this JVM: each destination is a
 * prefix {@code <destination>/} of one bucket, with its own processed and failed prefixes.
 */
class S3ContractTest extends ConnectorContractTest {
  private static S3MockServer s3;
  private static String bucket;

  @BeforeAll
  static void start() {
    s3 = S3MockServer.shared();
    bucket = s3.bucket("contract");
  }

  @Override
  protected Connector open(String destination) {
    return new S3Connector(
        s3.base(bucket)
            .prefix(destination + "/")
            .processedPrefix(destination + "-processed/")
            .failedPrefix(destination + "-failed/")
            .leaseDuration(Duration.ofSeconds(5))
            .heartbeatInterval(Duration.ofSeconds(1))
            .build());
  }

  @Override
  protected Capabilities capabilities() {
    return Capabilities.all().redeliveryWithin(Duration.ofSeconds(10));
  }

  @Override
  protected List<String> deadLetteredIds(String destination) {
    String failed = destination + "-failed/";
    return s3.keys(bucket, failed).stream()
        .filter(k -> !k.endsWith(".error.json"))
        .map(k -> k.substring(failed.length()))
        .toList();
  }
}
