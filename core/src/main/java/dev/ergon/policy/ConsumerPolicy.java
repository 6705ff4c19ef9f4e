package dev.ergon.policy;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Everything operational about consuming: the loop, fetching, the runtime bound, the retries of
 * each lifecycle phase and settlement. Configuration keys: {@code name}, {@code loop}, {@code
 * fetch}, {@code transaction_runtime}, {@code process}, {@code success}, {@code exception}, {@code
 * settlement}.
 *
 * <pre>{@code
 * ConsumerPolicy policy = ConsumerPolicy.builder("orders")
 *     .mode(LoopMode.CONTINUOUS).concurrency(8).streaming(true)
 *     .emptyQueueBackoff(Duration.ofMillis(200), 2.0, Duration.ofSeconds(5))
 *     .processRetry(RetryPolicy.builder().maxAttempts(3).backoff(Duration.ofSeconds(1)).build())
 *     .build();
 * }</pre>
 *
 * @param name the policy's name, not blank
 * @param loop how work is fetched and scheduled (default {@link ConsumerLoopPolicy#defaults()})
 * @param fetch the fetch retry and connector (default {@link FetchPolicy#defaults()})
 * @param transactionRuntime the bound on one transaction's lifecycle (default 60 s)
 * @param process the {@code process} phase (default one attempt)
 * @param success the success-handler phase (default one attempt)
 * @param exception the exception-handler phase (default one attempt)
 * @param settlement who settles, and what happens to unhandled failures (default {@link
 *     SettlementPolicy#defaults()})
 */
public record ConsumerPolicy(
    String name,
    ConsumerLoopPolicy loop,
    FetchPolicy fetch,
    TransactionRuntimePolicy transactionRuntime,
    PhasePolicy process,
    PhasePolicy success,
    PhasePolicy exception,
    SettlementPolicy settlement)
    implements Policy {

  /** Validates every field; the messages name the key and the value. */
  public ConsumerPolicy {
    Keys.nonBlank("name", name);
    Keys.set("loop", loop);
    Keys.set("fetch", fetch);
    Keys.set("transaction_runtime", transactionRuntime);
    Keys.set("process", process);
    Keys.set("success", success);
    Keys.set("exception", exception);
    Keys.set("settlement", settlement);
  }

  /**
   * The default policy: batch mode, one transaction at a time on a virtual thread, one per fetch,
   * no pause, non-streaming, no loop timeout or limit, one attempt per phase and per fetch, a
   * 60-second runtime bound, automatic settlement that dead-letters unhandled failures.
   *
   * @param name the policy's name, not blank
   * @return the defaults
   */
  public static ConsumerPolicy defaults(String name) {
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
        .fetch(fetch)
        .transactionRuntime(transactionRuntime)
        .processRetry(process.retry())
        .successRetry(success.retry())
        .exceptionRetry(exception.retry())
        .settlement(settlement);
  }

  /**
   * Builds a {@link ConsumerPolicy}; each setter checks its value at once, and its error names the
   * full key path ({@code loop.concurrency.value}). Not thread-safe.
   */
  public static final class Builder {
    private String name;
    private ConsumerLoopPolicy loop = ConsumerLoopPolicy.defaults();
    private FetchPolicy fetch = FetchPolicy.defaults();
    private TransactionRuntimePolicy transactionRuntime = TransactionRuntimePolicy.defaults();
    private PhasePolicy process = PhasePolicy.defaults();
    private PhasePolicy success = PhasePolicy.defaults();
    private PhasePolicy exception = PhasePolicy.defaults();
    private SettlementPolicy settlement = SettlementPolicy.defaults();

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
    public Builder loop(ConsumerLoopPolicy value) {
      this.loop = Keys.set("loop", value);
      return this;
    }

    /**
     * Sets {@code loop.mode}.
     *
     * @param value batch or continuous
     * @return this builder
     */
    public Builder mode(LoopMode value) {
      return loop(loop.withMode(value));
    }

    /**
     * Sets {@code loop.concurrency.value}.
     *
     * @param value transactions in flight at most, at least 1
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
     * @param value transactions per fetch, at least 1
     * @return this builder
     */
    public Builder batchSize(int value) {
      return loop(loop.withBatch(Keys.under("loop", () -> loop.batch().withSize(value))));
    }

    /**
     * Sets {@code loop.batch.interval}.
     *
     * @param value the pause after each non-empty batch, zero or more
     * @return this builder
     */
    public Builder batchInterval(Duration value) {
      return loop(loop.withBatch(Keys.under("loop", () -> loop.batch().withInterval(value))));
    }

    /**
     * Sets {@code loop.streaming}.
     *
     * @param value whether empty fetches wait and poll again
     * @return this builder
     */
    public Builder streaming(boolean value) {
      return loop(loop.withStreaming(value));
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
     * Sets the whole {@code loop.empty_queue}.
     *
     * @param value the empty-queue policy
     * @return this builder
     */
    public Builder emptyQueue(EmptyQueuePolicy value) {
      return loop(loop.withEmptyQueue(value));
    }

    /**
     * Sets {@code loop.empty_queue}.
     *
     * @param backoff wait after the first empty poll, zero or more
     * @param multiplier growth per further empty poll, at least 0
     * @param cap the longest wait, more than zero, or {@code null} for none
     * @return this builder
     */
    public Builder emptyQueueBackoff(Duration backoff, double multiplier, @Nullable Duration cap) {
      return emptyQueue(Keys.under("loop", () -> new EmptyQueuePolicy(backoff, multiplier, cap)));
    }

    /**
     * Sets the whole {@code fetch}.
     *
     * @param value the fetch policy
     * @return this builder
     */
    public Builder fetch(FetchPolicy value) {
      this.fetch = Keys.set("fetch", value);
      return this;
    }

    /**
     * Sets {@code fetch.retry}.
     *
     * @param value the retry envelope around each fetch
     * @return this builder
     */
    public Builder fetchRetry(RetryPolicy value) {
      return fetch(fetch.withRetry(value));
    }

    /**
     * Sets {@code fetch.connector_name}.
     *
     * @param value not blank, or {@code null} for the only connector
     * @return this builder
     */
    public Builder fetchConnector(@Nullable String value) {
      return fetch(fetch.withConnectorName(value));
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
     * Sets {@code process.retry}.
     *
     * @param value the retry envelope around {@code process}
     * @return this builder
     */
    public Builder processRetry(RetryPolicy value) {
      this.process = Keys.under("process", () -> new PhasePolicy(value));
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
     * Sets the whole {@code settlement}.
     *
     * @param value the settlement policy
     * @return this builder
     */
    public Builder settlement(SettlementPolicy value) {
      this.settlement = Keys.set("settlement", value);
      return this;
    }

    /**
     * Sets {@code settlement.mode}.
     *
     * @param value who settles
     * @return this builder
     */
    public Builder settlementMode(SettlementMode value) {
      return settlement(settlement.withMode(value));
    }

    /**
     * Sets {@code settlement.on_unhandled}.
     *
     * @param value what automatic settlement does when the exception handler fails
     * @return this builder
     */
    public Builder onUnhandled(UnhandledAction value) {
      return settlement(settlement.withOnUnhandled(value));
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     */
    public ConsumerPolicy build() {
      return new ConsumerPolicy(
          name, loop, fetch, transactionRuntime, process, success, exception, settlement);
    }
  }
}
