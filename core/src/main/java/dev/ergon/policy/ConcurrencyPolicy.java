package dev.ergon.policy;

/**
 * How many transactions run at once, and on which kind of thread (configuration key {@code
 * loop.concurrency}; fields {@code value}, {@code threads}).
 *
 * @param value transactions in flight at most; at least 1 (default 1)
 * @param threads the kind of thread each transaction runs on (default {@link ThreadKind#VIRTUAL})
 */
public record ConcurrencyPolicy(int value, ThreadKind threads) {

  /** Default {@code value}: one transaction at a time. */
  public static final int DEFAULT_VALUE = 1;

  /** Default {@code threads}. */
  public static final ThreadKind DEFAULT_THREADS = ThreadKind.VIRTUAL;

  private static final ConcurrencyPolicy DEFAULTS =
      new ConcurrencyPolicy(DEFAULT_VALUE, DEFAULT_THREADS);

  /** Validates every field; the messages name the key ({@code concurrency.value}) and the value. */
  public ConcurrencyPolicy {
    Keys.atLeastOne("concurrency.value", value);
    Keys.set("concurrency.threads", threads);
  }

  /**
   * The default policy: one transaction at a time, on a virtual thread.
   *
   * @return the defaults
   */
  public static ConcurrencyPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * A copy with another {@code value}.
   *
   * @param newValue at least 1
   * @return the copy
   */
  public ConcurrencyPolicy withValue(int newValue) {
    return new ConcurrencyPolicy(newValue, threads);
  }

  /**
   * A copy with another {@code threads}.
   *
   * @param newThreads the thread kind
   * @return the copy
   */
  public ConcurrencyPolicy withThreads(ThreadKind newThreads) {
    return new ConcurrencyPolicy(value, newThreads);
  }
}
