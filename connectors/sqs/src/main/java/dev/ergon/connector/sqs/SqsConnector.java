package dev.ergon.connector.sqs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ergon.connector.ConnectionLostException;
import dev.ergon.connector.Connector;
import dev.ergon.connector.Rejection;
import dev.ergon.connector.UnsupportedCapabilityException;
import dev.ergon.connector.Utf8Check;
import dev.ergon.connector.sqs.internal.BatchDeleter;
import dev.ergon.connector.sqs.internal.Clients;
import dev.ergon.transaction.Transaction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * A connector on one Amazon SQS queue (standard or FIFO), on the AWS SDK for Java v2.
 *
 * <p><b>Transactions.</b> {@link #dispatchTransactions} stores the transaction id in the message
 * attribute {@value #ID_ATTRIBUTE}; on fetch the id is that attribute, or the SQS {@code MessageId}
 * for messages sent by others. The payload is the message body as a {@code String} ({@code
 * payload(Order.class)} reads JSON). Metadata holds the String and Number message attributes under
 * their own names ({@code traceparent} travels both ways) and the system attributes under {@code
 * sqs.}: {@code sqs.messageId}, {@code sqs.receiveCount} (ApproximateReceiveCount), {@code
 * sqs.sentTimestamp}, and on FIFO queues {@code sqs.groupId}, {@code sqs.deduplicationId}, {@code
 * sqs.sequenceNumber}. Receipt handles stay inside the connector.
 *
 * <p><b>Fetch.</b> ReceiveMessage with long polling ({@link SqsConfig#waitTime()} on the first call
 * of a fetch, none on the following ones), at most 10 per call, calls repeated up to the batch
 * size. Every received message is held until settled: a heartbeat extends the visibility of all
 * held messages to {@link SqsConfig#visibilityTimeout()} every {@link
 * SqsConfig#heartbeatInterval()} (ChangeMessageVisibilityBatch), so long work is not redelivered
 * while this connector lives. A failure of the first call of a fetch throws; when a later call of
 * the same fetch fails (SQS unreachable, a server error) after earlier calls received messages, the
 * fetch logs a warning naming the queue and the error and returns what was received, so that the
 * engine processes those messages instead of leaving them held and invisible.
 *
 * <p><b>FIFO.</b> SQS does not return messages of a group while another of its messages is in
 * flight, but one receive may return several messages of one group. The connector hands out one
 * message per group at a time and holds the group's next ones (heartbeat included) until the
 * previous one is settled, so a group is processed in order at any engine concurrency.
 *
 * <p><b>Settlement.</b> {@code acknowledge} deletes through a DeleteMessageBatch collected over a
 * few milliseconds (up to 10 entries); each entry's outcome is its caller's. A delete whose receipt
 * handle is no longer valid, or that cannot reach SQS, throws {@link ConnectionLostException}: the
 * message becomes visible again and is redelivered (the engine records a redelivery). {@code
 * reject(tx, true)} sets the visibility to {@link SqsConfig#requeueDelay()}. {@code reject(tx,
 * false)} sends the message to {@link SqsConfig#deadLetterQueueUrl()} with the attributes {@value
 * #DLQ_MESSAGE_ID}, {@value #DLQ_RECEIVE_COUNT} and {@value #DLQ_ERROR}, then deletes it; without
 * an explicit dead-letter queue but with a redrive policy on the queue, it makes the message
 * visible again and leaves it to the redrive (which moves it after {@code maxReceiveCount}
 * receives). {@link #close()} makes every held, unsettled message visible again at once.
 *
 * <p>{@link #countTransactions()} is ApproximateNumberOfMessages (visible messages only: not those
 * in flight nor delayed). Resolving by id is impossible on SQS ({@link
 * UnsupportedCapabilityException}).
 */
public final class SqsConnector implements Connector {
  /** The message attribute carrying the transaction id. */
  public static final String ID_ATTRIBUTE = "ergon-id";

  /** Dead-letter attribute: the original SQS message id. */
  public static final String DLQ_MESSAGE_ID = "ergon-original-message-id";

  /** Dead-letter attribute: the receive count when dead-lettered. */
  public static final String DLQ_RECEIVE_COUNT = "ergon-receive-count";

  /** Dead-letter attribute: why the message was dead-lettered. */
  public static final String DLQ_ERROR = "ergon-error";

  /** Dead-letter attribute: the engine's failure category ({@code business}, {@code system}…). */
  public static final String DLQ_ERROR_CATEGORY = "ergon-error-category";

  /** Dead-letter attribute: the attempts the engine made. */
  public static final String DLQ_ATTEMPTS = "ergon-attempts";

  /** Dead-letter attribute: the exception handler's failure, when it failed. */
  public static final String DLQ_HANDLER_ERROR = "ergon-handler-error";

  /** The longest error text written into a dead-letter attribute. */
  private static final int MAX_ERROR_CHARS = 2048;

  private static final Logger LOG = LoggerFactory.getLogger(SqsConnector.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BATCH_BYTES = 262_144;
  private static final int MAX_ATTRIBUTES = 10;
  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);

  private record Held(
      String txId,
      String messageId,
      String receiptHandle,
      @Nullable String groupId,
      int receiveCount,
      Transaction tx) {}

  private final SqsConfig config;
  private final SqsClient client;
  private final String queueUrl;
  private final boolean fifo;
  private final boolean redrive;
  private final BatchDeleter deleter;
  private final ScheduledExecutorService heartbeat;
  private final Object lock = new Object();
  private final Map<String, Held> inFlight = new HashMap<>();
  private final ArrayDeque<Held> buffered = new ArrayDeque<>();
  private final Set<String> busyGroups = new HashSet<>();
  private volatile boolean closed;

  /**
   * Opens a connector: builds its client, resolves the queue URL and reads the queue's redrive
   * policy.
   *
   * @param config the settings
   * @throws SqsConnectorException when the queue cannot be found or read
   */
  public SqsConnector(SqsConfig config) {
    this.config = config;
    this.client = Clients.create(config);
    try {
      this.queueUrl =
          config.queueUrl() != null
              ? config.queueUrl()
              : client.getQueueUrl(b -> b.queueName(config.queueName())).queueUrl();
      String policy =
          client
              .getQueueAttributes(
                  b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.REDRIVE_POLICY))
              .attributes()
              .get(QueueAttributeName.REDRIVE_POLICY);
      this.redrive = policy != null && !policy.isBlank();
    } catch (RuntimeException e) {
      client.close();
      throw new SqsConnectorException(
          "sqs: cannot open queue "
              + (config.queueUrl() != null ? config.queueUrl() : config.queueName())
              + ": "
              + e.getMessage(),
          List.of(),
          e);
    }
    this.fifo = config.fifo();
    this.deleter = new BatchDeleter(client, queueUrl, Duration.ofMillis(10));
    this.heartbeat =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("ergon-sqs-heartbeat").unstarted(r));
    long every = config.heartbeatInterval().toMillis();
    heartbeat.scheduleWithFixedDelay(this::extendVisibility, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * The queue URL this connector reads and writes.
   *
   * @return the URL
   */
  public String queueUrl() {
    return queueUrl;
  }

  @Override
  public List<Transaction> fetchTransactions(int batchSize) {
    if (closed) {
      throw new IllegalStateException("sqs: connector on " + queueUrl + " is closed");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1 but was " + batchSize);
    }
    List<Transaction> out = new ArrayList<>();
    synchronized (lock) {
      drainBuffered(out, batchSize);
    }
    if (!out.isEmpty()) {
      return out;
    }
    boolean first = true;
    int received = 0;
    while (out.size() < batchSize && !closed) {
      int want = Math.min(10, batchSize - out.size());
      int wait = first ? (int) config.waitTime().toSeconds() : 0;
      List<Message> messages;
      try {
        messages =
            client
                .receiveMessage(
                    b ->
                        b.queueUrl(queueUrl)
                            .maxNumberOfMessages(want)
                            .waitTimeSeconds(wait)
                            .visibilityTimeout((int) config.visibilityTimeout().toSeconds())
                            .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                            .messageAttributeNames("All"))
                .messages();
      } catch (RuntimeException e) {
        if (received == 0) {
          throw e;
        }
        // the messages of the earlier calls are held (the heartbeat keeps them invisible): hand
        // them out now, or nobody would ever process them
        LOG.warn(
            "sqs: a ReceiveMessage on {} failed after {} messages were received in the same fetch;"
                + " returning those {}: {}",
            queueUrl,
            received,
            out.size(),
            e.toString());
        break;
      }
      first = false;
      received += messages.size();
      synchronized (lock) {
        for (Message m : messages) {
          Held h = held(m);
          if (h.groupId != null && busyGroups.contains(h.groupId) || out.size() >= batchSize) {
            buffered.add(h);
          } else {
            handOut(h, out);
          }
        }
      }
      if (messages.size() < want) {
        break;
      }
    }
    return out;
  }

  private void drainBuffered(List<Transaction> out, int batchSize) {
    Iterator<Held> it = buffered.iterator();
    while (it.hasNext() && out.size() < batchSize) {
      Held h = it.next();
      if (h.groupId == null || !busyGroups.contains(h.groupId)) {
        it.remove();
        handOut(h, out);
      }
    }
  }

  private void handOut(Held h, List<Transaction> out) {
    if (inFlight.containsKey(h.txId)) {
      LOG.warn(
          "sqs: message {} carries transaction id {} which is already in flight; using the message"
              + " id as its transaction id",
          h.messageId,
          h.txId);
      Transaction retagged = new Transaction(h.messageId, h.tx.payload(), h.tx.metadata());
      h = new Held(h.messageId, h.messageId, h.receiptHandle, h.groupId, h.receiveCount, retagged);
    }
    inFlight.put(h.txId, h);
    if (h.groupId != null) {
      busyGroups.add(h.groupId);
    }
    out.add(h.tx);
  }

  private Held held(Message m) {
    Map<String, String> metadata = new LinkedHashMap<>();
    String txId = m.messageId();
    for (Map.Entry<String, MessageAttributeValue> a : m.messageAttributes().entrySet()) {
      String value = a.getValue().stringValue();
      if (value == null) {
        continue; // binary attributes are not carried
      }
      if (a.getKey().equals(ID_ATTRIBUTE)) {
        txId = value;
      } else {
        metadata.put(a.getKey(), value);
      }
    }
    Map<MessageSystemAttributeName, String> sys = m.attributes();
    metadata.put("sqs.messageId", m.messageId());
    int receiveCount = 0;
    String count = sys.get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
    if (count != null) {
      metadata.put("sqs.receiveCount", count);
      receiveCount = Integer.parseInt(count);
    }
    putIfPresent(metadata, "sqs.sentTimestamp", sys.get(MessageSystemAttributeName.SENT_TIMESTAMP));
    String group = sys.get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
    putIfPresent(metadata, "sqs.groupId", group);
    putIfPresent(
        metadata,
        "sqs.deduplicationId",
        sys.get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID));
    putIfPresent(
        metadata, "sqs.sequenceNumber", sys.get(MessageSystemAttributeName.SEQUENCE_NUMBER));
    Transaction tx = new Transaction(txId, m.body(), metadata);
    return new Held(txId, m.messageId(), m.receiptHandle(), fifo ? group : null, receiveCount, tx);
  }

  private static void putIfPresent(Map<String, String> map, String key, @Nullable String value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  private Held take(Transaction tx, String operation) {
    synchronized (lock) {
      Held h = inFlight.remove(tx.id());
      if (h == null) {
        throw new IllegalStateException(
            "sqs: cannot "
                + operation
                + " transaction "
                + tx.id()
                + ": it is not in flight on this connector (already settled, or fetched elsewhere)");
      }
      if (h.groupId != null) {
        busyGroups.remove(h.groupId);
      }
      return h;
    }
  }

  @Override
  public void acknowledge(Transaction transaction) throws Exception {
    Held h = take(transaction, "acknowledge");
    delete(h);
  }

  private void delete(Held h) throws Exception {
    try {
      deleter.delete(h.receiptHandle).get(SETTLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof BatchDeleter.EntryFailure f
          && !f.code().contains("ReceiptHandle")
          && !f.code().contains("InvalidParameterValue")) {
        throw new SqsConnectorException(
            "sqs: could not delete transaction "
                + h.txId
                + " (message "
                + h.messageId
                + "): "
                + f.getMessage()
                + "; it will become visible again and be redelivered",
            List.of(h.txId),
            f);
      }
      throw new ConnectionLostException(
          "sqs: could not delete transaction "
              + h.txId
              + " (message "
              + h.messageId
              + "): "
              + (cause == null ? e : cause.getMessage())
              + "; its receipt handle is no longer valid or SQS is unreachable, so the message"
              + " becomes visible again and will be redelivered",
          cause);
    } catch (TimeoutException e) {
      throw new ConnectionLostException(
          "sqs: delete of transaction " + h.txId + " timed out after " + SETTLE_TIMEOUT, e);
    }
  }

  @Override
  public void reject(Transaction transaction, boolean requeue) throws Exception {
    rejectWith(transaction, requeue, null);
  }

  /**
   * Like {@link #reject(Transaction, boolean)}; a message sent to the explicit dead-letter queue
   * also carries the engine's reason: {@value #DLQ_ERROR} is the failure's message, {@value
   * #DLQ_ERROR_CATEGORY} its category in lower case ({@code business}, {@code system}, {@code
   * timeout}), {@value #DLQ_ATTEMPTS} the attempts made and {@value #DLQ_HANDLER_ERROR} the
   * exception handler's failure when it failed. A redrive policy moves the message as SQS received
   * it, without the reason.
   */
  @Override
  public void reject(Transaction transaction, boolean requeue, Rejection rejection)
      throws Exception {
    rejectWith(transaction, requeue, rejection);
  }

  private void rejectWith(Transaction transaction, boolean requeue, @Nullable Rejection why)
      throws Exception {
    Held h = take(transaction, requeue ? "release" : "dead-letter");
    if (requeue) {
      release(h, (int) config.requeueDelay().toSeconds());
      return;
    }
    String dlq = config.deadLetterQueueUrl();
    if (dlq == null) {
      if (!redrive) {
        LOG.warn(
            "sqs: transaction {} rejected without requeue but queue {} has neither a dead-letter"
                + " queue setting nor a redrive policy; releasing it",
            h.txId,
            queueUrl);
      }
      release(h, 0);
      return;
    }
    Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
    attributes.put(ID_ATTRIBUTE, text(h.txId));
    attributes.put(DLQ_MESSAGE_ID, text(h.messageId));
    attributes.put(DLQ_RECEIVE_COUNT, text(Integer.toString(h.receiveCount)));
    if (why == null) {
      attributes.put(DLQ_ERROR, text("rejected without requeue"));
    } else {
      attributes.put(DLQ_ERROR, text(clip(why.message())));
      attributes.put(DLQ_ERROR_CATEGORY, text(why.category().name().toLowerCase(Locale.ROOT)));
      attributes.put(DLQ_ATTEMPTS, text(Integer.toString(why.attempts())));
      why.handlerFailure()
          .ifPresent(e -> attributes.put(DLQ_HANDLER_ERROR, text(clip(String.valueOf(e)))));
    }
    for (Map.Entry<String, String> e : h.tx.metadata().entrySet()) {
      if (attributes.size() >= MAX_ATTRIBUTES) {
        break;
      }
      if (!e.getKey().startsWith("sqs.") && !e.getValue().isEmpty()) {
        attributes.putIfAbsent(e.getKey(), text(e.getValue()));
      }
    }
    SendMessageRequest.Builder send =
        SendMessageRequest.builder()
            .queueUrl(dlq)
            .messageBody(String.valueOf(h.tx.payload()))
            .messageAttributes(attributes);
    if (dlq.endsWith(".fifo")) {
      send.messageGroupId(h.groupId != null ? h.groupId : config.defaultGroupId())
          .messageDeduplicationId(h.messageId);
    }
    try {
      client.sendMessage(send.build());
    } catch (SdkClientException e) {
      throw new ConnectionLostException(
          "sqs: could not dead-letter transaction " + h.txId + " to " + dlq + ": " + e.getMessage(),
          e);
    } catch (RuntimeException e) {
      throw new SqsConnectorException(
          "sqs: could not dead-letter transaction "
              + h.txId
              + " to "
              + dlq
              + ": "
              + e.getMessage()
              + "; it stays on "
              + queueUrl
              + " and will be redelivered",
          List.of(h.txId),
          e);
    }
    delete(h);
  }

  private void release(Held h, int visibilitySeconds) {
    List<Held> batch = new ArrayList<>();
    batch.add(h);
    if (h.groupId != null) {
      synchronized (lock) {
        // the group's held-back messages go back too, so that the group comes back in order
        buffered.removeIf(
            b -> {
              if (h.groupId.equals(b.groupId)) {
                batch.add(b);
                return true;
              }
              return false;
            });
      }
    }
    List<String> failed = changeVisibility(batch, visibilitySeconds);
    if (failed.contains(h.txId)) {
      throw new SqsConnectorException(
          "sqs: could not release transaction "
              + h.txId
              + "; it becomes visible again when its visibility timeout expires",
          List.of(h.txId),
          null);
    }
  }

  /** Changes the visibility of the messages, 10 per call; returns the failed transaction ids. */
  private List<String> changeVisibility(List<Held> messages, int seconds) {
    List<String> failed = new ArrayList<>();
    for (int from = 0; from < messages.size(); from += 10) {
      List<Held> chunk = messages.subList(from, Math.min(messages.size(), from + 10));
      List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
      for (int i = 0; i < chunk.size(); i++) {
        entries.add(
            ChangeMessageVisibilityBatchRequestEntry.builder()
                .id(Integer.toString(i))
                .receiptHandle(chunk.get(i).receiptHandle)
                .visibilityTimeout(seconds)
                .build());
      }
      try {
        ChangeMessageVisibilityBatchResponse r =
            client.changeMessageVisibilityBatch(b -> b.queueUrl(queueUrl).entries(entries));
        for (BatchResultErrorEntry f : r.failed()) {
          Held h = chunk.get(Integer.parseInt(f.id()));
          failed.add(h.txId);
          LOG.warn(
              "sqs: could not set the visibility of transaction {} (message {}) to {} s: {}: {}",
              h.txId,
              h.messageId,
              seconds,
              f.code(),
              f.message());
        }
      } catch (RuntimeException e) {
        for (Held h : chunk) {
          failed.add(h.txId);
        }
        LOG.warn(
            "sqs: could not set the visibility of {} messages on {} to {} s: {}",
            chunk.size(),
            queueUrl,
            seconds,
            e.toString());
      }
    }
    return failed;
  }

  private void extendVisibility() {
    List<Held> held;
    synchronized (lock) {
      held = new ArrayList<>(inFlight.values());
      held.addAll(buffered);
    }
    if (!held.isEmpty() && !closed) {
      changeVisibility(held, (int) config.visibilityTimeout().toSeconds());
    }
  }

  @Override
  public boolean supportsDeadLetter() {
    return config.deadLetterQueueUrl() != null || redrive;
  }

  @Override
  public void dispatchTransactions(List<Transaction> transactions) {
    if (closed) {
      throw new IllegalStateException("sqs: connector on " + queueUrl + " is closed");
    }
    List<String> failures = new ArrayList<>();
    List<String> failedIds = new ArrayList<>();
    List<Transaction> chunk = new ArrayList<>();
    List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
    int chunkBytes = 0;
    for (Transaction tx : transactions) {
      SendMessageBatchRequestEntry entry;
      int size;
      try {
        String body = body(tx);
        Map<String, MessageAttributeValue> attributes = attributes(tx);
        size = body.getBytes(StandardCharsets.UTF_8).length + attributeBytes(attributes);
        if (size > MAX_BATCH_BYTES) {
          throw new IllegalArgumentException(
              "message is " + size + " bytes, above the SQS limit of " + MAX_BATCH_BYTES);
        }
        SendMessageBatchRequestEntry.Builder b =
            SendMessageBatchRequestEntry.builder().messageBody(body).messageAttributes(attributes);
        if (fifo) {
          String group = tx.metadata().getOrDefault(config.groupIdKey(), config.defaultGroupId());
          String dedup = tx.metadata().getOrDefault(config.deduplicationIdKey(), tx.id());
          b.messageGroupId(fifoId(group)).messageDeduplicationId(fifoId(dedup));
        }
        entry = b.id(Integer.toString(entries.size())).build();
      } catch (RuntimeException e) {
        failures.add(tx.id() + ": " + e.getMessage());
        failedIds.add(tx.id());
        continue;
      }
      if (entries.size() == 10 || chunkBytes + size > MAX_BATCH_BYTES) {
        send(chunk, entries, failures, failedIds);
        chunk.clear();
        entries.clear();
        chunkBytes = 0;
        entry = entry.toBuilder().id("0").build();
      }
      chunk.add(tx);
      entries.add(entry);
      chunkBytes += size;
    }
    if (!entries.isEmpty()) {
      send(chunk, entries, failures, failedIds);
    }
    if (!failures.isEmpty()) {
      throw new SqsConnectorException(
          "sqs: "
              + failedIds.size()
              + " of "
              + transactions.size()
              + " transactions were not sent to "
              + queueUrl
              + " (the others were): "
              + String.join("; ", failures),
          failedIds,
          null);
    }
  }

  private void send(
      List<Transaction> chunk,
      List<SendMessageBatchRequestEntry> entries,
      List<String> failures,
      List<String> failedIds) {
    SendMessageBatchResponse r;
    try {
      r = client.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
    } catch (RuntimeException e) {
      for (Transaction tx : chunk) {
        failures.add(tx.id() + ": " + e.getMessage());
        failedIds.add(tx.id());
      }
      return;
    }
    for (BatchResultErrorEntry f : r.failed()) {
      Transaction tx = chunk.get(Integer.parseInt(f.id()));
      failures.add(tx.id() + ": " + f.code() + ": " + f.message());
      failedIds.add(tx.id());
    }
  }

  private static String body(Transaction tx) {
    Utf8Check.require(tx); // a JSON body or an attribute with a lone surrogate is refused
    Object payload = tx.payload();
    if (payload instanceof String || payload instanceof byte[]) {
      String s =
          payload instanceof String t ? t : new String((byte[]) payload, StandardCharsets.UTF_8);
      int bad = unacceptable(s);
      if (bad >= 0) {
        throw new IllegalArgumentException(
            "the payload holds " + shown(s, bad) + ", which SQS does not accept in a message body");
      }
      return s;
    }
    try {
      return JSON.writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "payload " + payload.getClass().getName() + " cannot be written as JSON: " + e, e);
    }
  }

  private static Map<String, MessageAttributeValue> attributes(Transaction tx) {
    Map<String, MessageAttributeValue> out = new LinkedHashMap<>();
    out.put(ID_ATTRIBUTE, text(tx.id()));
    for (Map.Entry<String, String> e : tx.metadata().entrySet()) {
      String key = e.getKey();
      if (key.startsWith("sqs.") || key.equals(ID_ATTRIBUTE)) {
        continue;
      }
      if (!key.matches("[A-Za-z0-9_.-]{1,256}")
          || key.startsWith(".")
          || key.endsWith(".")
          || key.contains("..")
          || key.regionMatches(true, 0, "aws.", 0, 4)
          || key.regionMatches(true, 0, "amazon.", 0, 7)) {
        throw new IllegalArgumentException(
            "metadata key '" + key + "' is not a valid SQS message attribute name");
      }
      if (e.getValue().isEmpty()) {
        throw new IllegalArgumentException(
            "metadata '" + key + "' is empty; SQS message attributes cannot be empty");
      }
      int bad = unacceptable(e.getValue());
      if (bad >= 0) {
        throw new IllegalArgumentException(
            "metadata '"
                + key
                + "' holds "
                + shown(e.getValue(), bad)
                + ", which SQS does not accept in a message attribute");
      }
      out.put(key, text(e.getValue()));
    }
    if (out.size() > MAX_ATTRIBUTES) {
      throw new IllegalArgumentException(
          "metadata has "
              + (out.size() - 1)
              + " entries besides sqs.*; SQS allows "
              + (MAX_ATTRIBUTES - 1)
              + " (plus "
              + ID_ATTRIBUTE
              + ")");
    }
    return out;
  }

  /**
   * The index of the first character SQS rejects in a body or attribute value (anything but tab,
   * line feed, carriage return, U+0020 to U+D7FF, U+E000 to U+FFFD and U+10000 to U+10FFFF, so
   * other controls and unpaired surrogates), or -1.
   */
  static int unacceptable(String s) {
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      boolean ok =
          c == 0x9
              || c == 0xA
              || c == 0xD
              || (c >= 0x20 && c <= 0xD7FF)
              || (c >= 0xE000 && c <= 0xFFFD)
              || c >= 0x10000;
      if (!ok) {
        return i;
      }
      i += Character.charCount(c);
    }
    return -1;
  }

  private static String shown(String s, int at) {
    return String.format(Locale.ROOT, "U+%04X at index %d", s.codePointAt(at), at);
  }

  private static int attributeBytes(Map<String, MessageAttributeValue> attributes) {
    int n = 0;
    for (Map.Entry<String, MessageAttributeValue> e : attributes.entrySet()) {
      n += e.getKey().getBytes(StandardCharsets.UTF_8).length + "String".length();
      n +=
          Optional.ofNullable(e.getValue().stringValue())
              .orElse("")
              .getBytes(StandardCharsets.UTF_8)
              .length;
    }
    return n;
  }

  /** A FIFO group or deduplication id: as is when valid, else its SHA-256 in hex. */
  private static String fifoId(String id) {
    if (id.matches("[\\x21-\\x7E]{1,128}")) {
      return id;
    }
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String clip(String text) {
    return text.length() <= MAX_ERROR_CHARS ? text : text.substring(0, MAX_ERROR_CHARS) + "…";
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }

  @Override
  public long countTransactions() {
    String n =
        client
            .getQueueAttributes(
                b ->
                    b.queueUrl(queueUrl)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
            .attributes()
            .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
    return n == null ? 0 : Long.parseLong(n);
  }

  @Override
  public Optional<Transaction> resolveTransaction(String id) {
    throw new UnsupportedCapabilityException(getClass(), "resolveTransaction");
  }

  @Override
  public Map<String, Object> health() {
    synchronized (lock) {
      return Map.of(
          "queue",
          queueUrl,
          "inFlight",
          inFlight.size(),
          "heldBack",
          buffered.size(),
          "closed",
          closed);
    }
  }

  /** Stops the heartbeat, flushes pending deletes, makes every held message visible again. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    heartbeat.shutdownNow();
    deleter.close();
    List<Held> held;
    synchronized (lock) {
      held = new ArrayList<>(inFlight.values());
      held.addAll(buffered);
      inFlight.clear();
      buffered.clear();
      busyGroups.clear();
    }
    if (!held.isEmpty()) {
      changeVisibility(held, 0);
    }
    client.close();
  }
}
