package dev.ergon.connector.kafka.internal;

import dev.ergon.connector.kafka.KafkaSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns the {@link KafkaConsumer} (which is not thread-safe): it polls into the
 * {@link Ledger}, applies assignments and revocations, commits the watermarks (asynchronously on
 * the commit interval or as soon as the window since the last commit is half of {@code
 * max_in_flight}, one at a time, a commit unanswered within {@code settle_timeout} given up and
 * sent again ({@link AsyncCommit}); synchronously on revocation and close), pauses the partitions
 * while that window is full (polling briefly then, committing whatever was settled, so that it
 * resumes as soon as the commits catch up), and runs the other threads' requests (lag) between
 * polls. Other threads never touch the consumer: they settle in the ledger, and the next commit
 * picks it up.
 */
public final class PollLoop implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(PollLoop.class);
  private static final Duration POLL = Duration.ofMillis(100);

  /**
   * The poll while paused: nothing can arrive, so the loop comes back soon to commit what the
   * engine settled meanwhile and to resume, instead of sleeping a whole {@link #POLL} per step.
   */
  private static final Duration PAUSED_POLL = Duration.ofMillis(5);

  private final KafkaSettings settings;
  private final Ledger ledger;
  private final String name;
  private final ConcurrentLinkedQueue<Runnable> requests = new ConcurrentLinkedQueue<>();
  private final CountDownLatch firstAssignment = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final CountDownLatch ready = new CountDownLatch(1);
  private int pollsSinceAssignment;
  private final AsyncCommit asyncCommit;
  private final AtomicLong commits = new AtomicLong();
  private volatile @Nullable KafkaConsumer<byte[], byte[]> consumer;
  private volatile boolean closing;
  private volatile boolean paused;
  private volatile @Nullable String lastError;
  private volatile @Nullable Instant lastErrorAt;
  private volatile @Nullable Instant lastPollAt;
  private long lastCommitNanos = System.nanoTime();

  /**
   * A loop, not started.
   *
   * @param settings the connector's settings
   * @param ledger where fetched records go
   * @param name the connector's name for logs
   */
  public PollLoop(KafkaSettings settings, Ledger ledger, String name) {
    this.settings = settings;
    this.ledger = ledger;
    this.name = name;
    this.asyncCommit = new AsyncCommit(settings.settleTimeout().toNanos());
  }

  @Override
  public void run() {
    try {
      KafkaConsumer<byte[], byte[]> c =
          new KafkaConsumer<>(ClientProperties.consumer(settings, settings.group(), "-consumer"));
      consumer = c;
      try {
        subscribe(c);
        while (!closing) {
          once(c);
        }
      } finally {
        shutdown(c);
      }
    } catch (RuntimeException e) {
      lastError = e.toString();
      lastErrorAt = Instant.now();
      log.error("{}: the consumer stopped: {}", name, e.toString(), e);
    } finally {
      stopped.countDown();
      ready.countDown(); // waiters see the loop stopped
      firstAssignment.countDown();
    }
  }

  private void subscribe(KafkaConsumer<byte[], byte[]> c) {
    ConsumerRebalanceListener listener =
        new ConsumerRebalanceListener() {
          @Override
          public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            Map<TopicPartition, OffsetAndMetadata> last = ledger.revoked(partitions);
            if (!partitions.isEmpty()) {
              log.debug("{}: revoked {}, committing {}", name, partitions, last);
            }
            commitSync(c, last);
          }

          @Override
          public void onPartitionsLost(Collection<TopicPartition> partitions) {
            ledger.revoked(partitions);
            log.warn("{}: lost {} (not committed)", name, partitions);
          }

          @Override
          public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            ledger.assigned(partitions);
            if (!partitions.isEmpty()) {
              log.debug("{}: assigned {}", name, partitions);
            }
            firstAssignment.countDown();
          }
        };
    if (settings.topicPattern() != null) {
      c.subscribe(Pattern.compile(settings.topicPattern()), listener);
    } else {
      c.subscribe(settings.topics(), listener);
    }
  }

  private void once(KafkaConsumer<byte[], byte[]> c) {
    try {
      for (Runnable r; (r = requests.poll()) != null; ) {
        r.run();
      }
      ConsumerRecords<byte[], byte[]> records = c.poll(paused ? PAUSED_POLL : POLL);
      lastPollAt = Instant.now();
      ledger.add(records);
      if (firstAssignment.getCount() == 0 && (!records.isEmpty() || ++pollsSinceAssignment >= 3)) {
        ready.countDown(); // assigned, and fetched (or found nothing in three polls)
      }
      long window = backpressure(c);
      if (paused
          || System.nanoTime() - lastCommitNanos >= settings.commitInterval().toNanos()
          || window >= settings.maxInFlight() / 2) {
        lastCommitNanos = System.nanoTime();
        commitAsync(c);
      }
      lastError = null;
    } catch (WakeupException e) {
      // a request or close is waiting
    } catch (RuntimeException e) {
      lastError = e.toString();
      lastErrorAt = Instant.now();
      log.warn("{}: poll failed, retrying: {}", name, e.toString());
      try {
        stopped.await(Math.min(1000, settings.fetchWait().toMillis() * 5), TimeUnit.MILLISECONDS);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        closing = true;
      }
    }
  }

  private long backpressure(KafkaConsumer<byte[], byte[]> c) {
    long window = ledger.window();
    if (window >= settings.maxInFlight()) {
      c.pause(c.assignment()); // also pauses partitions assigned since
      if (!paused) {
        paused = true;
        log.debug("{}: paused at a window of {} offsets", name, window);
      }
    } else if (paused && window <= settings.maxInFlight() / 2) {
      c.resume(c.paused());
      paused = false;
      log.debug("{}: resumed at a window of {} offsets", name, window);
    }
    return window;
  }

  private void commitAsync(KafkaConsumer<byte[], byte[]> c) {
    Map<TopicPartition, OffsetAndMetadata> due = ledger.due();
    if (due.isEmpty()) {
      return;
    }
    long now = System.nanoTime();
    boolean overdue = asyncCommit.overdue(now);
    long commit = asyncCommit.start(now);
    if (commit == 0) {
      return; // the previous one is still outstanding
    }
    if (overdue) {
      log.warn(
          "{}: an asynchronous commit had no answer within {}; given up, committing {} again",
          name,
          settings.settleTimeout(),
          due);
    }
    c.commitAsync(
        due,
        (offsets, e) -> {
          asyncCommit.answered(commit);
          if (e == null) {
            ledger.committed(offsets);
            commits.incrementAndGet();
          } else {
            log.debug(
                "{}: asynchronous commit of {} failed (retried): {}", name, due, e.toString());
          }
        });
  }

  private void commitSync(
      KafkaConsumer<byte[], byte[]> c, Map<TopicPartition, OffsetAndMetadata> offsets) {
    if (offsets.isEmpty()) {
      return;
    }
    try {
      try {
        c.commitSync(offsets, settings.settleTimeout());
      } catch (WakeupException e) {
        c.commitSync(offsets, settings.settleTimeout()); // a request's wake-up, not a failure
      }
      ledger.committed(offsets);
      commits.incrementAndGet();
    } catch (RuntimeException e) {
      log.warn("{}: commit of {} failed: {}", name, offsets, e.toString());
    }
  }

  private void shutdown(KafkaConsumer<byte[], byte[]> c) {
    try {
      commitSync(c, ledger.due());
    } finally {
      c.close(CloseOptions.timeout(settings.settleTimeout()));
      for (Runnable r; (r = requests.poll()) != null; ) {
        r.run(); // they fail: the consumer is closed
      }
    }
  }

  /**
   * Runs {@code request} on the consumer's thread between polls.
   *
   * @param <T> the result type
   * @param request what to do with the consumer
   * @return its result
   */
  public <T> CompletableFuture<T> call(Function<KafkaConsumer<byte[], byte[]>, T> request) {
    CompletableFuture<T> f = new CompletableFuture<>();
    requests.add(
        () -> {
          try {
            KafkaConsumer<byte[], byte[]> c = consumer;
            if (c == null || closing) {
              throw new IllegalStateException("the consumer is closed");
            }
            T result;
            try {
              result = request.apply(c);
            } catch (WakeupException e) {
              result = request.apply(c); // woken for another request, not a failure
            }
            f.complete(result);
          } catch (RuntimeException e) {
            f.completeExceptionally(e);
          }
        });
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    if (stopped.getCount() == 0) {
      f.completeExceptionally(new IllegalStateException("the consumer is closed"));
    }
    return f;
  }

  /**
   * Waits for the first assignment (possibly empty) of the group.
   *
   * @param timeout how long to wait
   * @return true when it happened
   * @throws InterruptedException when interrupted
   */
  public boolean awaitAssignment(Duration timeout) throws InterruptedException {
    return firstAssignment.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Waits until the group assigned partitions and the consumer fetched from them (or found nothing
   * in three polls), so that an empty fetch means an empty source.
   *
   * @param timeout how long to wait
   * @return true when ready
   * @throws InterruptedException when interrupted
   */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Wakes a paused poll after a settlement, so the window is committed and fetching resumes. */
  public void nudge() {
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (paused && !closing && c != null) {
      c.wakeup();
    }
  }

  /**
   * Stops: a last synchronous commit of the watermarks, then the consumer leaves the group.
   *
   * @param timeout how long to wait for the thread
   * @throws InterruptedException when interrupted
   */
  public void stop(Duration timeout) throws InterruptedException {
    closing = true;
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * The last poll error, when the last poll failed.
   *
   * @return the error text, or null
   */
  public @Nullable String lastError() {
    return lastError;
  }

  /**
   * Health details.
   *
   * @return state, paused, commits, last poll and error times
   */
  public Map<String, Object> health() {
    String state = stopped.getCount() == 0 ? "closed" : lastError != null ? "failing" : "polling";
    return Map.of(
        "state", state,
        "paused", paused,
        "commits", commits.get(),
        "last_poll_at", String.valueOf(lastPollAt),
        "last_error", String.valueOf(lastError),
        "last_error_at", String.valueOf(lastErrorAt));
  }

  /**
   * Whether the loop has ended.
   *
   * @return true after stop or a fatal error
   */
  public boolean stopped() {
    return stopped.getCount() == 0;
  }
}
