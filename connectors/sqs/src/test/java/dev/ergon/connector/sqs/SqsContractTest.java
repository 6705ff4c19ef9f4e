package dev.ergon.connector.sqs;

import dev.ergon.connector.Connector;
import dev.ergon.test.ConnectorContractTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The SQS connector passes the conformance kit against ElasticMQ in this JVM: each destination is a
 * queue with an explicit dead-letter queue {@code <queue>-dead}.
 */
class SqsContractTest extends ConnectorContractTest {
  private static ElasticMq sqs;

  @BeforeAll
  static void start() {
    sqs = new ElasticMq();
  }

  @AfterAll
  static void stop() {
    sqs.close();
  }

  @Override
  protected Connector open(String destination) {
    sqs.create(destination);
    String dlq = sqs.create(destination + "-dead");
    return new SqsConnector(
        sqs.base(destination)
            .waitTime(Duration.ofSeconds(1))
            .visibilityTimeout(Duration.ofSeconds(5))
            .deadLetterQueueUrl(dlq)
            .build());
  }

  @Override
  protected Capabilities capabilities() {
    return Capabilities.all().withoutResolve().redeliveryWithin(Duration.ofSeconds(15));
  }

  @Override
  protected List<String> deadLetteredIds(String destination) {
    String url = sqs.admin.client().getQueueUrl(b -> b.queueName(destination + "-dead")).queueUrl();
    List<String> ids = new ArrayList<>();
    for (Message m :
        sqs.admin
            .client()
            .receiveMessage(
                b ->
                    b.queueUrl(url)
                        .maxNumberOfMessages(10)
                        .waitTimeSeconds(1)
                        .visibilityTimeout(0)
                        .messageAttributeNames("All"))
            .messages()) {
      ids.add(m.messageAttributes().get(SqsConnector.ID_ATTRIBUTE).stringValue());
    }
    return ids;
  }
}
