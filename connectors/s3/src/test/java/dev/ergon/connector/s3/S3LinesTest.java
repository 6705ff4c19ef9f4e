package dev.ergon.connector.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ergon.engine.Outcome;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.task.ConsumerTask;
import dev.ergon.test.HarnessRun;
import dev.ergon.test.TaskHarness;
import dev.ergon.transaction.Transaction;
import dev.ergon.transaction.TransactionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** LINES mode: each line of a JSON Lines (or CSV) object is a transaction. */
class S3LinesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static S3MockServer s3;

  @BeforeAll
  static void start() {
    s3 = S3MockServer.shared();
  }

  /** Fails line n = 250 (a business rule); everything else succeeds. */
  static final class LineTask extends ConsumerTask<Object> {
    @Override
    public Object processTransaction(Transaction transaction) {
      Object n = transaction.payload(Map.class).get("n");
      if (Integer.valueOf(250).equals(n)) {
        throw new TransactionException(
            "n 250 is not allowed", TransactionException.Category.BUSINESS);
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
  void aThousandLinesFlowAndABadLineIsDeadLetteredAloneNamingItsKeyAndLine() throws Exception {
    String bucket = s3.bucket("lines");
    StringBuilder body = new StringBuilder();
    for (int n = 1; n <= 1000; n++) {
      body.append(n == 500 ? "{\"n\": 500, oops" : "{\"n\": " + n + "}").append('\n');
    }
    s3.put(bucket, "in/data.jsonl", "application/x-ndjson", body.toString());
    S3Config config = s3.base(bucket).prefix("in/").mode(S3Config.Mode.LINES).build();
    try (S3Connector input = new S3Connector(config)) {
      HarnessRun run =
          TaskHarness.of(LineTask::new)
              .connector("input", input)
              .policy(ConsumerPolicy.builder("consumer").concurrency(8).batchSize(50).build())
              .run();

      assertThat(run.count(Outcome.Kind.SUCCEEDED)).isEqualTo(998);
      assertThat(run.outcome("data.jsonl#250")).isInstanceOf(Outcome.FailedUnhandled.class);
      assertThat(run.outcomes()).doesNotContainKey("data.jsonl#500");
    }
    assertThat(s3.keys(bucket, "processed/")).containsExactly("processed/data.jsonl");
    assertThat(s3.keys(bucket, "failed/"))
        .containsExactlyInAnyOrder(
            "failed/data.jsonl#250",
            "failed/data.jsonl#250.error.json",
            "failed/data.jsonl#500",
            "failed/data.jsonl#500.error.json");
    assertThat(s3.text(bucket, "failed/data.jsonl#500")).isEqualTo("{\"n\": 500, oops");
    JsonNode parse = JSON.readTree(s3.text(bucket, "failed/data.jsonl#500.error.json"));
    assertThat(parse.get("category").asText()).isEqualTo("parse");
    assertThat(parse.get("line").asInt()).isEqualTo(500);
    assertThat(parse.get("message").asText())
        .contains("line 500 of s3://" + bucket + "/in/data.jsonl")
        .contains("not valid JSON");
    JsonNode business = JSON.readTree(s3.text(bucket, "failed/data.jsonl#250.error.json"));
    assertThat(business.get("category").asText()).isEqualTo("business");
    assertThat(business.get("message").asText()).contains("n 250 is not allowed");
    assertThat(business.get("transactionId").asText()).isEqualTo("data.jsonl#250");
    assertThat(s3.keys(bucket, "in/")).isEmpty();
  }

  @Test
  void csvRecordsBecomeMapsByHeaderAndAMalformedRecordIsDeadLettered() throws Exception {
    String bucket = s3.bucket("csv");
    s3.put(
        bucket,
        "in/people.csv",
        "text/csv",
        "name,city\r\nAda,London\r\n\"Hopper, Grace\",\"New\nYork\"\r\nonly-one-field\r\n");
    S3Config config =
        s3.base(bucket)
            .prefix("in/")
            .mode(S3Config.Mode.LINES)
            .lineFormat(S3Config.LineFormat.CSV)
            .build();
    try (S3Connector c = new S3Connector(config)) {
      List<Transaction> got = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                got.addAll(c.fetchTransactions(10));
                return got.size() >= 2;
              });
      assertThat(got).extracting(Transaction::id).containsExactly("people.csv#2", "people.csv#3");
      assertThat(got.get(0).payload()).isEqualTo(Map.of("name", "Ada", "city", "London"));
      assertThat(got.get(1).payload())
          .isEqualTo(Map.of("name", "Hopper, Grace", "city", "New\nYork"));
      assertThat(got.get(1).metadata()).containsEntry(S3Connector.LINE, "3");
      JsonNode why = JSON.readTree(s3.text(bucket, "failed/people.csv#5.error.json"));
      assertThat(why.get("message").asText())
          .contains("line 5 of s3://" + bucket + "/in/people.csv")
          .contains("has 1 fields but the header has 2");
      // the object is done once both records are settled
      c.acknowledge(got.get(0));
      assertThat(s3.keys(bucket, "processed/")).isEmpty();
      c.acknowledge(got.get(1));
      assertThat(s3.keys(bucket, "processed/")).containsExactly("processed/people.csv");
    }
  }

  @Test
  void aLineRejectedWithRequeueIsOfferedAgainAndTheObjectWaitsForIt() throws Exception {
    String bucket = s3.bucket("requeue");
    s3.put(bucket, "in/two.jsonl", "application/x-ndjson", "{\"a\":1}\n{\"a\":2}\n");
    try (S3Connector c =
        new S3Connector(s3.base(bucket).prefix("in/").mode(S3Config.Mode.LINES).build())) {
      List<Transaction> got = c.fetchTransactions(10);
      assertThat(got).extracting(Transaction::id).containsExactly("two.jsonl#1", "two.jsonl#2");
      c.acknowledge(got.get(0));
      c.reject(got.get(1), true);
      List<Transaction> again = c.fetchTransactions(10);
      assertThat(again).extracting(Transaction::id).containsExactly("two.jsonl#2");
      assertThat(s3.keys(bucket, "in/")).contains("in/two.jsonl");
      c.acknowledge(again.get(0));
      assertThat(s3.keys(bucket, "in/")).isEmpty();
      assertThat(s3.keys(bucket, "processed/")).containsExactly("processed/two.jsonl");
    }
  }
}
