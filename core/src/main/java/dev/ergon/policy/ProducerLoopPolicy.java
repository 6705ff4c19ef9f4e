package dev.ergon.policy;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How a producer runs its prepare lifecycle over a source (configuration key {@code loop}; fields
 * {@code concurrency}, {@code batch}, {@code timeout}, {@code limit}).
 *
 * @param concurrency transactions prepared at once at most, and their thread kind
 * @param batch the chunk size taken from the source, and the pause after a chunk
 * @param timeout how long the producer takes from the source before it stops, or {@code null} for
 *     no bound (default none); when set, more than zero
 * @param limit transactions taken in all, or {@code null} for no limit (default none); when set,
 *     zero or more
 */
public record ProducerLoopPolicy(
    ConcurrencyPolicy concurrency,
    BatchPolicy batch,
    @Nullable Duration timeout,
    @Nullable Long limit) {

  private static final ProducerLoopPolicy DEFAULTS =
      new ProducerLoopPolicy(ConcurrencyPolicy.defaults(), BatchPolicy.defaults(), null, null);

  /** Validates every field; the messages name the key ({@code loop.timeout}) and the value. */
  public ProducerLoopPolicy {
    Keys.set("loop.concurrency", concurrency);
    Keys.set("loop.batch", batch);
    Keys.positiveOrAbsent("loop.timeout", timeout, "no timeout");
    Keys.limit("loop.limit", limit);
  }

  /**
   * The default loop: one at a time, chunks of one, unbounded.
   *
   * @return the defaults
   */
  public static ProducerLoopPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * A copy with another {@code concurrency}.
   *
   * @param newConcurrency the concurrency
   * @return the copy
   */
  public ProducerLoopPolicy withConcurrency(ConcurrencyPolicy newConcurrency) {
    return new ProducerLoopPolicy(newConcurrency, batch, timeout, limit);
  }

  /**
   * A copy with another {@code batch}.
   *
   * @param newBatch the batch policy
   * @return the copy
   */
  public ProducerLoopPolicy withBatch(BatchPolicy newBatch) {
    return new ProducerLoopPolicy(concurrency, newBatch, timeout, limit);
  }

  /**
   * A copy with another {@code timeout}.
   *
   * @param newTimeout more than zero, or {@code null} for none
   * @return the copy
   */
  public ProducerLoopPolicy withTimeout(@Nullable Duration newTimeout) {
    return new ProducerLoopPolicy(concurrency, batch, newTimeout, limit);
  }

  /**
   * A copy with another {@code limit}.
   *
   * @param newLimit zero or more, or {@code null} for no limit
   * @return the copy
   */
  public ProducerLoopPolicy withLimit(@Nullable Long newLimit) {
    return new ProducerLoopPolicy(concurrency, batch, timeout, newLimit);
  }
}
