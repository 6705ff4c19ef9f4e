package dev.ergon.connector.sqs;

import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** An ElasticMQ server inside the test JVM on a free port on 127.0.0.1, with an admin client. */
final class ElasticMq implements AutoCloseable {
  private final SQSRestServer server;
  final URI endpoint;
  final SqsService admin;

  ElasticMq() {
    server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
    int port = server.waitUntilStarted().localAddress().getPort();
    endpoint = URI.create("http://127.0.0.1:" + port);
    admin = new SqsService(base("admin").build());
  }

  SqsConfig.Builder base(String queueName) {
    return SqsConfig.builder()
        .queueName(queueName)
        .region("elasticmq")
        .endpoint(endpoint)
        .credentials("x", "x");
  }

  static String name(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  String create(String name) {
    return create(name, Map.of());
  }

  String create(String name, Map<QueueAttributeName, String> attributes) {
    Map<QueueAttributeName, String> all = new java.util.HashMap<>(attributes);
    if (name.endsWith(".fifo")) {
      all.put(QueueAttributeName.FIFO_QUEUE, "true");
    }
    return admin.client().createQueue(b -> b.queueName(name).attributes(all)).queueUrl();
  }

  @Override
  public void close() {
    admin.close();
    server.stopAndWait();
  }
}
