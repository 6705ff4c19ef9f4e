package dev.ergon.policy;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Everything operational about producing: the loop over the source, the runtime bound and the
 * retries of each phase of the prepare lifecycle. Configuration keys: {@code name}, {@code loop},
 * {@code transaction_runtime}, {@code prepare}, {@code success}, {@code exception}.
 *
 * <pre>{@code
 * ProducerPolicy policy = ProducerPolicy.builder("invoices")
 *     .concurrency(4).batchSize(100).limit(1_000)
 *     .prepareRetry(RetryPolicy.builder().maxAttempts(3).build())
 *     .build();
 * }</pre>
 *
 * @param name the policy's name, not blank
 * @param loop chunking, concurrency and bounds (default {@link ProducerLoopPolicy#defaults()})
 * @param transactionRuntime the bound on one transaction's lifecycle (default 60 s)
 * @param prepare the {@code prepare} phase (default one attempt)
 * @param success the success-handler phase (default one attempt)
 * @param exception the exception-handler phase (default one attempt)
 */
public record ProducerPolicy(
    String name,
    ProducerLoopPolicy loop,
    TransactionRuntimePolicy transactionRuntime,
    PhasePolicy prepare,
    PhasePolicy success,
    PhasePolicy exception)
    implements Policy {

  /** Validates every field; the messages name the key and the value. */
  public ProducerPolicy {
    Keys.nonBlank("name", name);
    Keys.set("loop", loop);
    Keys.set("transaction_runtime", transactionRuntime);
    Keys.set("prepare", prepare);
    Keys.set("success", success);
    Keys.set("exception", exception);
  }

  /**
   * The default policy: one transaction at a time on a virtual thread, chunks of one, no loop
   * timeout or limit, one attempt per phase, a 60-second runtime bound.
   *
   * @param name the policy's name, not blank
   * @return the defaults
   */
  public static ProducerPolicy defaults(String name) {
    return builder(name).build();
  }

  /**
   * A builder starting from the defaults.
   *
   * @param name the policy's name, not blank
   * @return a new builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * A builder starting from this policy's values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder(name)
        .loop(loop)
        .transactionRuntime(transactionRuntime)
        .prepareRetry(prepare.retry())
        .successRetry(success.retry())
        .exceptionRetry(exception.retry());
  }

  /**
   * Builds a {@link ProducerPolicy}; each setter checks its value at once, and its error names the
   * full key path ({@code loop.batch.size}). Not thread-safe.
   */
  public static final class Builder {
    private String name;
    private ProducerLoopPolicy loop = ProducerLoopPolicy.defaults();
    private TransactionRuntimePolicy transactionRuntime = TransactionRuntimePolicy.defaults();
    private PhasePolicy prepare = PhasePolicy.defaults();
    private PhasePolicy success = PhasePolicy.defaults();
    private PhasePolicy exception = PhasePolicy.defaults();

    private Builder(String name) {
      this.name = Keys.nonBlank("name", name);
    }

    /**
     * Sets {@code name}.
     *
     * @param value not blank
     * @return this builder
     */
    public Builder name(String value) {
      this.name = Keys.nonBlank("name", value);
      return this;
    }

    /**
     * Sets the whole {@code loop}.
     *
     * @param value the loop policy
     * @return this builder
     */
    public Builder loop(ProducerLoopPolicy value) {
      this.loop = Keys.set("loop", value);
      return this;
    }

    /**
     * Sets {@code loop.concurrency.value}.
     *
     * @param value transactions prepared at once at most, at least 1
     * @return this builder
     */
    public Builder concurrency(int value) {
      return loop(
          loop.withConcurrency(Keys.under("loop", () -> loop.concurrency().withValue(value))));
    }

    /**
     * Sets {@code loop.concurrency.threads}.
     *
     * @param value the thread kind
     * @return this builder
     */
    public Builder threads(ThreadKind value) {
      return loop(
          loop.withConcurrency(Keys.under("loop", () -> loop.concurrency().withThreads(value))));
    }

    /**
     * Sets {@code loop.batch.size}.
     *
     * @param value the chunk size, at least 1
     * @return this builder
     */
    public Builder batchSize(int value) {
      return loop(loop.withBatch(Keys.under("loop", () -> loop.batch().withSize(value))));
    }

    /**
     * Sets {@code loop.batch.interval}.
     *
     * @param value the pause after each chunk, zero or more
     * @return this builder
     */
    public Builder batchInterval(Duration value) {
      return loop(loop.withBatch(Keys.under("loop", () -> loop.batch().withInterval(value))));
    }

    /**
     * Sets {@code loop.timeout}.
     *
     * @param value more than zero, or {@code null} for none
     * @return this builder
     */
    public Builder loopTimeout(@Nullable Duration value) {
      return loop(loop.withTimeout(value));
    }

    /**
     * Sets {@code loop.limit}.
     *
     * @param value zero or more, or {@code null} for no limit
     * @return this builder
     */
    public Builder limit(@Nullable Long value) {
      return loop(loop.withLimit(value));
    }

    /**
     * Sets {@code loop.limit}.
     *
     * @param value zero or more
     * @return this builder
     */
    public Builder limit(long value) {
      return limit(Long.valueOf(value));
    }

    /**
     * Sets the whole {@code transaction_runtime}.
     *
     * @param value the runtime policy
     * @return this builder
     */
    public Builder transactionRuntime(TransactionRuntimePolicy value) {
      this.transactionRuntime = Keys.set("transaction_runtime", value);
      return this;
    }

    /**
     * Sets {@code transaction_runtime.timeout}.
     *
     * @param value more than zero, or {@code null} for none
     * @return this builder
     */
    public Builder runtimeTimeout(@Nullable Duration value) {
      return transactionRuntime(new TransactionRuntimePolicy(value));
    }

    /**
     * Sets {@code prepare.retry}.
     *
     * @param value the retry envelope around {@code prepare}
     * @return this builder
     */
    public Builder prepareRetry(RetryPolicy value) {
      this.prepare = Keys.under("prepare", () -> new PhasePolicy(value));
      return this;
    }

    /**
     * Sets {@code success.retry}.
     *
     * @param value the retry envelope around the success handler
     * @return this builder
     */
    public Builder successRetry(RetryPolicy value) {
      this.success = Keys.under("success", () -> new PhasePolicy(value));
      return this;
    }

    /**
     * Sets {@code exception.retry}.
     *
     * @param value the retry envelope around the exception handler
     * @return this builder
     */
    public Builder exceptionRetry(RetryPolicy value) {
      this.exception = Keys.under("exception", () -> new PhasePolicy(value));
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     */
    public ProducerPolicy build() {
      return new ProducerPolicy(name, loop, transactionRuntime, prepare, success, exception);
    }
  }
}
