package dev.ergon.policy;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How a consumer loop fetches and schedules work (configuration key {@code loop}; fields {@code
 * mode}, {@code concurrency}, {@code batch}, {@code streaming}, {@code timeout}, {@code limit},
 * {@code empty_queue}).
 *
 * @param mode batch or continuous (default {@link LoopMode#BATCH})
 * @param concurrency transactions in flight at most, and their thread kind
 * @param batch transactions per fetch, and the pause after a batch
 * @param streaming whether an empty fetch waits and polls again ({@code true}) or ends the loop
 *     once in-flight work completes ({@code false}, the default)
 * @param timeout how long the loop fetches before it stops, or {@code null} for no bound (default
 *     none); when set, more than zero
 * @param limit transactions taken in all, never more, or {@code null} for no limit (default none);
 *     when set, zero or more ({@code 0} takes nothing)
 * @param emptyQueue the wait between empty polls when streaming
 */
public record ConsumerLoopPolicy(
    LoopMode mode,
    ConcurrencyPolicy concurrency,
    BatchPolicy batch,
    boolean streaming,
    @Nullable Duration timeout,
    @Nullable Long limit,
    EmptyQueuePolicy emptyQueue) {

  /** Default {@code mode}. */
  public static final LoopMode DEFAULT_MODE = LoopMode.BATCH;

  private static final ConsumerLoopPolicy DEFAULTS =
      new ConsumerLoopPolicy(
          DEFAULT_MODE,
          ConcurrencyPolicy.defaults(),
          BatchPolicy.defaults(),
          false,
          null,
          null,
          EmptyQueuePolicy.defaults());

  /** Validates every field; the messages name the key ({@code loop.timeout}) and the value. */
  public ConsumerLoopPolicy {
    Keys.set("loop.mode", mode);
    Keys.set("loop.concurrency", concurrency);
    Keys.set("loop.batch", batch);
    Keys.positiveOrAbsent("loop.timeout", timeout, "no timeout");
    Keys.limit("loop.limit", limit);
    Keys.set("loop.empty_queue", emptyQueue);
  }

  /**
   * The default loop: batch mode, one at a time, one per fetch, non-streaming, unbounded.
   *
   * @return the defaults
   */
  public static ConsumerLoopPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * A copy with another {@code mode}.
   *
   * @param newMode the mode
   * @return the copy
   */
  public ConsumerLoopPolicy withMode(LoopMode newMode) {
    return new ConsumerLoopPolicy(
        newMode, concurrency, batch, streaming, timeout, limit, emptyQueue);
  }

  /**
   * A copy with another {@code concurrency}.
   *
   * @param newConcurrency the concurrency
   * @return the copy
   */
  public ConsumerLoopPolicy withConcurrency(ConcurrencyPolicy newConcurrency) {
    return new ConsumerLoopPolicy(
        mode, newConcurrency, batch, streaming, timeout, limit, emptyQueue);
  }

  /**
   * A copy with another {@code batch}.
   *
   * @param newBatch the batch policy
   * @return the copy
   */
  public ConsumerLoopPolicy withBatch(BatchPolicy newBatch) {
    return new ConsumerLoopPolicy(
        mode, concurrency, newBatch, streaming, timeout, limit, emptyQueue);
  }

  /**
   * A copy with another {@code streaming}.
   *
   * @param newStreaming whether empty fetches wait and poll again
   * @return the copy
   */
  public ConsumerLoopPolicy withStreaming(boolean newStreaming) {
    return new ConsumerLoopPolicy(
        mode, concurrency, batch, newStreaming, timeout, limit, emptyQueue);
  }

  /**
   * A copy with another {@code timeout}.
   *
   * @param newTimeout more than zero, or {@code null} for none
   * @return the copy
   */
  public ConsumerLoopPolicy withTimeout(@Nullable Duration newTimeout) {
    return new ConsumerLoopPolicy(
        mode, concurrency, batch, streaming, newTimeout, limit, emptyQueue);
  }

  /**
   * A copy with another {@code limit}.
   *
   * @param newLimit zero or more, or {@code null} for no limit
   * @return the copy
   */
  public ConsumerLoopPolicy withLimit(@Nullable Long newLimit) {
    return new ConsumerLoopPolicy(
        mode, concurrency, batch, streaming, timeout, newLimit, emptyQueue);
  }

  /**
   * A copy with another {@code empty_queue}.
   *
   * @param newEmptyQueue the empty-queue wait
   * @return the copy
   */
  public ConsumerLoopPolicy withEmptyQueue(EmptyQueuePolicy newEmptyQueue) {
    return new ConsumerLoopPolicy(
        mode, concurrency, batch, streaming, timeout, limit, newEmptyQueue);
  }
}
