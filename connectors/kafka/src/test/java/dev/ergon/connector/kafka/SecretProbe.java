package dev.ergon.connector.kafka;

import dev.ergon.transaction.Transaction;
import java.util.List;
import java.util.Map;

/**
 * A child JVM for the secrets test: starts a consumer and a producer with SASL credentials against
 * a broker that is not there, with every log at debug, and prints what fails. The parent checks the
 * whole output for the password.
 *
 * <p>Argument: the password.
 */
public final class SecretProbe {
  private SecretProbe() {}

  /**
   * Runs the probe.
   *
   * @param args the password
   */
  public static void main(String[] args) {
    KafkaSettings s =
        KafkaSettings.builder()
            .bootstrapServers("127.0.0.1:1")
            .group("probe")
            .topics("orders")
            .securityProtocol("SASL_PLAINTEXT")
            .saslMechanism("SCRAM-SHA-256")
            .saslUsername("orders")
            .saslPassword(args[0])
            .property("ssl.truststore.password", args[0])
            .settleTimeout(java.time.Duration.ofSeconds(1))
            .build();
    System.out.println("settings: " + s);
    try (KafkaConnector c = new KafkaConnector(s)) {
      System.out.println("connector: " + c);
      try {
        c.dispatchTransactions(List.of(Transaction.of("probe-1", Map.of("n", 1))));
      } catch (Exception e) {
        System.out.println("dispatch failed: " + e);
        e.printStackTrace(System.out);
      }
      try {
        c.fetchTransactions(1);
      } catch (Exception e) {
        System.out.println("fetch failed: " + e);
        e.printStackTrace(System.out);
      }
      System.out.println("health: " + c.health());
    }
    System.out.println("probe done");
  }
}
