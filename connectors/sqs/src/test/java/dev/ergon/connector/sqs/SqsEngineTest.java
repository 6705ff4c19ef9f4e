package dev.ergon.connector.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergon.engine.Outcome;
import dev.ergon.engine.Outcome.Disposition;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.task.ConsumerTask;
import dev.ergon.test.HarnessRun;
import dev.ergon.test.TaskHarness;
import dev.ergon.transaction.Transaction;
import dev.ergon.transaction.TransactionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The connector under the real engine at concurrency 4, with an undecodable message. */
class SqsEngineTest {
  private static ElasticMq sqs;

  @BeforeAll
  static void start() {
    sqs = new ElasticMq();
  }

  @AfterAll
  static void stop() {
    sqs.close();
  }

  /**
   * Reads each payload as a map: an unparseable body fails with PayloadConversionException, which
   * the handler leaves unhandled.
   */
  static final class OrderTask extends ConsumerTask<Object> {
    @Override
    public Object processTransaction(Transaction transaction) {
      return transaction.payload(Map.class).get("n");
    }

    /** Leaves the failure unhandled, so the engine dead-letters the transaction. */
    @Override
    public void handleProcessException(Transaction transaction, TransactionException error)
        throws Exception {
      throw error;
    }
  }

  @Test
  void ordersFlowAndAnUndecodableMessageIsDeadLetteredNamingItsId() throws Exception {
    String q = ElasticMq.name("engine");
    sqs.create(q);
    String dlq = sqs.create(q + "-dead");
    try (SqsConnector input = new SqsConnector(sqs.base(q).deadLetterQueueUrl(dlq).build())) {
      List<Transaction> txs = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        txs.add(Transaction.of("order-" + i, Map.of("n", i)));
      }
      txs.add(10, Transaction.of("garbled", "{this is not json"));
      input.dispatchTransactions(txs);

      HarnessRun run =
          TaskHarness.of(OrderTask::new)
              .connector("input", input)
              .policy(ConsumerPolicy.builder("consumer").concurrency(4).batchSize(4).build())
              .run();

      assertThat(run.count(Outcome.Kind.SUCCEEDED)).isEqualTo(20);
      assertThat(run.outcome("garbled")).isInstanceOf(Outcome.FailedUnhandled.class);
      assertThat(((Outcome.FailedUnhandled) run.outcome("garbled")).disposition())
          .isEqualTo(Disposition.DEAD_LETTERED);
      List<Message> dead =
          sqs.admin
              .client()
              .receiveMessage(b -> b.queueUrl(dlq).waitTimeSeconds(2).messageAttributeNames("All"))
              .messages();
      assertThat(dead).hasSize(1);
      assertThat(dead.get(0).body()).isEqualTo("{this is not json");
      assertThat(dead.get(0).messageAttributes().get(SqsConnector.ID_ATTRIBUTE).stringValue())
          .isEqualTo("garbled");
      // with the engine's reason
      Map<String, MessageAttributeValue> why = dead.get(0).messageAttributes();
      assertThat(why.get(SqsConnector.DLQ_ERROR_CATEGORY).stringValue()).isEqualTo("business");
      assertThat(why.get(SqsConnector.DLQ_ERROR).stringValue()).contains("garbled");
      assertThat(why.get(SqsConnector.DLQ_ATTEMPTS).stringValue()).isEqualTo("1");
      assertThat(why.get(SqsConnector.DLQ_HANDLER_ERROR).stringValue()).isNotBlank();
      // the engine closed the connector; nothing is left on the queue, visible or in flight
      Map<QueueAttributeName, String> left =
          sqs.admin
              .client()
              .getQueueAttributes(
                  b ->
                      b.queueUrl(input.queueUrl())
                          .attributeNames(
                              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
              .attributes();
      assertThat(left.values()).containsOnly("0");
    }
  }
}
