package dev.ergon.examples.orders;

import dev.ergon.connector.Connector;
import dev.ergon.connector.sqs.SqsConfig;
import dev.ergon.connector.sqs.SqsConnector;
import dev.ergon.connector.sqs.SqsService;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * {@link OrderQueue#sqs}: the SQS connector on queue {@code <name>}, dead letters sent to {@code
 * <name>-dead}, whose visibility timeout is {@link OrderQueue#LEASE}. Without an endpoint, it runs
 * on an ElasticMQ server started inside this process on 127.0.0.1 (an SQS-compatible server that
 * keeps nothing: what it holds dies with the process); with one, on that endpoint (credentials and
 * region from the AWS SDK's default chain: {@code AWS_REGION}, {@code AWS_ACCESS_KEY_ID}…).
 */
final class SqsQueue implements OrderQueue {
  private final @Nullable URI configured;
  private final String name;
  private @Nullable EmbeddedServer server;
  private @Nullable URI endpoint;

  SqsQueue(@Nullable URI endpoint, String name) {
    this.configured = endpoint;
    this.name = name;
  }

  private synchronized URI endpoint() {
    if (endpoint == null) {
      if (configured != null) {
        endpoint = configured;
      } else {
        server = EmbeddedServer.sqs();
        endpoint = URI.create(server.address());
      }
    }
    return endpoint;
  }

  private SqsConfig.Builder base(String queueName) {
    SqsConfig.Builder b = SqsConfig.builder().queueName(queueName).endpoint(endpoint());
    if (configured == null) {
      b.region("elasticmq").credentials("demo", "demo"); // ElasticMQ checks neither
    }
    return b;
  }

  private String deadName() {
    return name + "-dead";
  }

  private SqsConfig settings() {
    try (SqsService sqs = new SqsService(base(deadName()).build())) {
      String dead = sqs.client().getQueueUrl(b -> b.queueName(deadName())).queueUrl();
      return base(name).visibilityTimeout(LEASE).deadLetterQueueUrl(dead).build();
    }
  }

  @Override
  public Connector open() {
    return new SqsConnector(settings());
  }

  @Override
  public void prepare() {
    try (SqsService sqs = new SqsService(base(name).build())) {
      sqs.client().createQueue(b -> b.queueName(deadName()));
      sqs.client().createQueue(b -> b.queueName(name));
    }
  }

  @Override
  public long pending() {
    try (SqsService sqs = new SqsService(base(name).build())) {
      String url = sqs.client().getQueueUrl(b -> b.queueName(name)).queueUrl();
      Map<QueueAttributeName, String> a =
          sqs.client()
              .getQueueAttributes(
                  b ->
                      b.queueUrl(url)
                          .attributeNames(
                              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
              .attributes();
      return a.values().stream().mapToLong(Long::parseLong).sum();
    } catch (QueueDoesNotExistException e) {
      return 0;
    }
  }

  @Override
  public void clear() {
    forEachQueue((sqs, url) -> sqs.client().purgeQueue(b -> b.queueUrl(url)));
  }

  @Override
  public void delete() {
    forEachQueue((sqs, url) -> sqs.client().deleteQueue(b -> b.queueUrl(url)));
  }

  /** Runs {@code action} on the queue and its dead-letter queue, those that exist. */
  private void forEachQueue(BiConsumer<SqsService, String> action) {
    try (SqsService sqs = new SqsService(base(name).build())) {
      for (String q : List.of(name, deadName())) {
        String url;
        try {
          url = sqs.client().getQueueUrl(b -> b.queueName(q)).queueUrl();
        } catch (QueueDoesNotExistException e) {
          continue;
        }
        action.accept(sqs, url);
      }
    }
  }

  /** Stops the in-process ElasticMQ server, if this queue started one. */
  @Override
  public synchronized void close() {
    if (server != null) {
      server.close();
      server = null;
      endpoint = null;
    }
  }

  @Override
  public boolean durable() {
    return configured != null;
  }

  @Override
  public String describe() {
    return configured == null
        ? "sqs ElasticMQ in this process (queue " + name + ")"
        : "sqs " + configured + " (queue " + name + ")";
  }
}
