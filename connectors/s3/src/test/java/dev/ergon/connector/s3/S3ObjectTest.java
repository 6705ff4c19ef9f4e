package dev.ergon.connector.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ergon.transaction.Transaction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Payload and metadata shapes, the delete mode, the size limit and resolve-by-id of lines. */
class S3ObjectTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static S3MockServer s3;

  @BeforeAll
  static void start() {
    s3 = S3MockServer.shared();
  }

  @Test
  void textBytesJsonAndMetadataTravelIntactWithNonAsciiValues() throws Exception {
    String bucket = s3.bucket("shapes");
    try (S3Connector c = new S3Connector(s3.base(bucket).prefix("in/").build())) {
      byte[] bytes = {0, 1, 2, (byte) 0xFF};
      c.dispatchTransactions(
          List.of(
              new Transaction("a-text", "héllo wörld", Map.of("customer", "Zoë Ångström")),
              new Transaction("b-bytes", bytes, Map.of()),
              new Transaction("c-json", Map.of("n", 1), Map.of("kind", "order"))));
      List<Transaction> got = c.fetchTransactions(10);
      assertThat(got).extracting(Transaction::id).containsExactly("a-text", "b-bytes", "c-json");
      assertThat(got.get(0).payload()).isEqualTo("héllo wörld");
      assertThat(got.get(0).metadata())
          .containsEntry("customer", "Zoë Ångström")
          .containsEntry(S3Connector.BUCKET, bucket)
          .containsEntry(S3Connector.KEY, "in/a-text")
          .containsEntry(S3Connector.SIZE, "13")
          .containsKeys(S3Connector.ETAG, S3Connector.LAST_MODIFIED, S3Connector.CONTENT_TYPE);
      assertThat((byte[]) got.get(1).payload()).isEqualTo(bytes);
      assertThat(got.get(2).payload()).isEqualTo(Map.of("n", 1));
      for (Transaction tx : got) {
        c.acknowledge(tx);
      }
    }
  }

  @Test
  void metadataThatS3CannotCarryIsRefusedNamingTheTransactionAndTheKey() {
    String bucket = s3.bucket("refuse");
    try (S3Connector c = new S3Connector(s3.base(bucket).prefix("in/").build())) {
      assertThatThrownBy(
              () ->
                  c.dispatchTransactions(
                      List.of(
                          new Transaction("bad", "x", Map.of("CamelCase", "v")),
                          new Transaction("good", "y", Map.of()))))
          .isInstanceOf(S3ConnectorException.class)
          .hasMessageContaining("bad")
          .hasMessageContaining("CamelCase")
          .satisfies(
              e -> assertThat(((S3ConnectorException) e).transactionIds()).containsExactly("bad"));
      assertThat(s3.keys(bucket, "in/")).containsExactly("in/good");
    }
  }

  @Test
  void deleteModeDeletesAnAcknowledgedObjectWithoutCopyingIt() throws Exception {
    String bucket = s3.bucket("delete");
    try (S3Connector c =
        new S3Connector(
            s3.base(bucket).prefix("in/").onSuccess(S3Config.OnSuccess.DELETE).build())) {
      c.dispatchTransactions(List.of(Transaction.of("one", "1")));
      c.acknowledge(c.fetchTransactions(1).get(0));
      assertThat(s3.keys(bucket, "")).isEmpty();
    }
  }

  @Test
  void anObjectAboveTheSizeLimitIsDeadLetteredUnreadWithTheReason() throws Exception {
    String bucket = s3.bucket("large");
    s3.put(bucket, "in/big.json", "application/json", "[" + "1,".repeat(100) + "1]");
    s3.put(bucket, "in/small.json", "application/json", "[1]");
    try (S3Connector c =
        new S3Connector(s3.base(bucket).prefix("in/").maxObjectBytes(100).build())) {
      List<Transaction> got = c.fetchTransactions(10);
      assertThat(got).extracting(Transaction::id).containsExactly("small.json");
      var why = JSON.readTree(s3.text(bucket, "failed/big.json.error.json"));
      assertThat(why.get("category").asText()).isEqualTo("size");
      assertThat(why.get("message").asText()).contains("203 bytes").contains("max_object_bytes");
      assertThat(s3.text(bucket, "failed/big.json").getBytes(StandardCharsets.UTF_8)).hasSize(203);
      c.acknowledge(got.get(0));
    }
  }

  @Test
  void aLineIsResolvedByItsIdAndSettledLikeAFetchedOne() throws Exception {
    String bucket = s3.bucket("resolve");
    s3.put(bucket, "in/f.jsonl", "application/x-ndjson", "{\"a\":1}\n{\"a\":2}\n");
    try (S3Connector c =
        new S3Connector(s3.base(bucket).prefix("in/").mode(S3Config.Mode.LINES).build())) {
      Transaction second = c.resolveTransaction("f.jsonl#2").orElseThrow();
      assertThat(second.payload()).isEqualTo(Map.of("a", 2));
      assertThat(c.resolveTransaction("f.jsonl#9")).isEmpty();
      assertThat(c.resolveTransaction("nothing.jsonl#1")).isEmpty();
      c.acknowledge(second);
      Transaction first = c.fetchTransactions(10).get(0);
      assertThat(first.id()).isEqualTo("f.jsonl#1");
      c.acknowledge(first);
      assertThat(s3.keys(bucket, "processed/")).containsExactly("processed/f.jsonl");
    }
  }
}
