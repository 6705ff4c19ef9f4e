package dev.ergon.connector.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The connector under the real engine at concurrency 4: successes move, failures dead-letter. */
class S3EngineTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static S3MockServer s3;

  @BeforeAll
  static void start() {
    s3 = S3MockServer.shared();
  }

  /** Reads each order; order 13 is out of stock; failures are left unhandled (dead-lettered). */
  static final class OrderTask extends ConsumerTask<Object> {
    @Override
    public Object processTransaction(Transaction transaction) {
      Object n = transaction.payload(Map.class).get("n");
      if (Integer.valueOf(13).equals(n)) {
        throw new IllegalArgumentException("order 13 is out of stock");
      }
      return n;
    }

    @Override
    public void handleProcessException(Transaction transaction, TransactionException error)
        throws Exception {
      throw error;
    }
  }

  @Test
  void ordersAreMovedToProcessedAndFailuresToFailedWithTheirReason() throws Exception {
    String bucket = s3.bucket("engine");
    try (S3Connector input = new S3Connector(s3.base(bucket).prefix("inbox/").build())) {
      List<Transaction> orders = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        orders.add(Transaction.of("order-" + i + ".json", Map.of("n", i)));
      }
      input.dispatchTransactions(orders);
      s3.put(bucket, "inbox/garbled.json", "application/json", "{this is not json");

      HarnessRun run =
          TaskHarness.of(OrderTask::new)
              .connector("input", input)
              .policy(ConsumerPolicy.builder("consumer").concurrency(4).batchSize(4).build())
              .run();

      assertThat(run.count(Outcome.Kind.SUCCEEDED)).isEqualTo(19);
      for (String failed : List.of("garbled.json", "order-13.json")) {
        assertThat(run.outcome(failed)).isInstanceOf(Outcome.FailedUnhandled.class);
        assertThat(((Outcome.FailedUnhandled) run.outcome(failed)).disposition())
            .isEqualTo(Disposition.DEAD_LETTERED);
      }
      assertThat(s3.keys(bucket, "processed/")).hasSize(19).contains("processed/order-0.json");
      assertThat(s3.keys(bucket, "failed/"))
          .containsExactlyInAnyOrder(
              "failed/garbled.json",
              "failed/garbled.json.error.json",
              "failed/order-13.json",
              "failed/order-13.json.error.json");
      assertThat(s3.text(bucket, "failed/garbled.json")).isEqualTo("{this is not json");
      JsonNode why = JSON.readTree(s3.text(bucket, "failed/order-13.json.error.json"));
      assertThat(why.get("category").asText()).isEqualTo("system"); // an unexpected exception
      assertThat(why.get("message").asText()).contains("order 13 is out of stock");
      assertThat(why.get("attempts").asInt()).isEqualTo(1);
      assertThat(why.get("key").asText()).isEqualTo("inbox/order-13.json");
      assertThat(why.get("transactionId").asText()).isEqualTo("order-13.json");
      JsonNode garbled = JSON.readTree(s3.text(bucket, "failed/garbled.json.error.json"));
      assertThat(garbled.get("message").asText()).contains("garbled.json");
      assertThat(garbled.get("category").asText()).isEqualTo("business"); // undecodable payload
      // nothing left in the inbox, and no lease marker either
      assertThat(s3.keys(bucket, "inbox/")).isEmpty();
    }
  }
}
