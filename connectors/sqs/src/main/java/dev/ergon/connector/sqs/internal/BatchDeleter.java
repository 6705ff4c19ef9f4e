package dev.ergon.connector.sqs.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;

/**
 * Collects deletes for a short window (or until 10 are waiting) and sends them as one
 * DeleteMessageBatch. Each caller's future completes with its own entry's outcome: a failed entry
 * completes exceptionally with {@link EntryFailure}; an entry that failed on the server side is
 * retried once on its own with DeleteMessage.
 */
public final class BatchDeleter implements AutoCloseable {
  private record Pending(String receiptHandle, CompletableFuture<Void> done) {}

  private final SqsClient client;
  private final String queueUrl;
  private final long windowNanos;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean stopped;

  /**
   * Starts the flushing thread.
   *
   * @param client the client
   * @param queueUrl the queue
   * @param window how long the first delete of a batch waits for others
   */
  public BatchDeleter(SqsClient client, String queueUrl, Duration window) {
    this.client = client;
    this.queueUrl = queueUrl;
    this.windowNanos = window.toNanos();
    this.thread = Thread.ofPlatform().daemon().name("ergon-sqs-delete").start(this::run);
  }

  /**
   * Queues a delete.
   *
   * @param receiptHandle the message's receipt handle
   * @return completes when the message is deleted, exceptionally when it could not be
   */
  public CompletableFuture<Void> delete(String receiptHandle) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (stopped) {
      done.completeExceptionally(new IllegalStateException("sqs: connector is closed"));
      return done;
    }
    queue.add(new Pending(receiptHandle, done));
    return done;
  }

  private void run() {
    while (!stopped || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        List<Pending> batch = new ArrayList<>(10);
        batch.add(first);
        long deadline = System.nanoTime() + windowNanos;
        while (batch.size() < 10) {
          long left = deadline - System.nanoTime();
          Pending next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
          if (next == null) {
            break;
          }
          batch.add(next);
        }
        flush(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    Pending p;
    while ((p = queue.poll()) != null) {
      p.done.completeExceptionally(new IllegalStateException("sqs: connector is closed"));
    }
  }

  private void flush(List<Pending> batch) {
    List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      entries.add(
          DeleteMessageBatchRequestEntry.builder()
              .id(Integer.toString(i))
              .receiptHandle(batch.get(i).receiptHandle)
              .build());
    }
    DeleteMessageBatchResponse response;
    try {
      response = client.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
    } catch (RuntimeException e) {
      for (Pending p : batch) {
        p.done.completeExceptionally(e);
      }
      return;
    }
    response.successful().forEach(s -> batch.get(Integer.parseInt(s.id())).done.complete(null));
    for (BatchResultErrorEntry f : response.failed()) {
      Pending p = batch.get(Integer.parseInt(f.id()));
      if (Boolean.TRUE.equals(f.senderFault())) {
        p.done.completeExceptionally(new EntryFailure(f.code(), f.message()));
      } else {
        try {
          client.deleteMessage(
              DeleteMessageRequest.builder()
                  .queueUrl(queueUrl)
                  .receiptHandle(p.receiptHandle)
                  .build());
          p.done.complete(null);
        } catch (RuntimeException e) {
          p.done.completeExceptionally(e);
        }
      }
    }
  }

  /** Stops after flushing what is queued. */
  @Override
  public void close() {
    stopped = true;
    try {
      thread.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One batch entry failed. */
  public static final class EntryFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The SQS error code. */
    private final String code;

    /**
     * A failed entry.
     *
     * @param code the SQS error code
     * @param message the SQS error message
     */
    public EntryFailure(String code, String message) {
      super(code + ": " + message);
      this.code = code;
    }

    /**
     * The SQS error code.
     *
     * @return the code
     */
    public String code() {
      return code;
    }
  }
}
