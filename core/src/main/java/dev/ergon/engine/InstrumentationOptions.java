package dev.ergon.engine;

/**
 * How the engine traces: which phase attempts get a span, and how a transaction that carries a W3C
 * trace context ({@code traceparent} metadata) continues it.
 *
 * @param attemptSpans which phase attempts get a span
 * @param continuation how an incoming trace context is continued
 */
public record InstrumentationOptions(AttemptSpans attemptSpans, Continuation continuation) {

  /** Which phase attempts (process, success handler, exception handler, prepare) get a span. */
  public enum AttemptSpans {
    /** Every attempt. */
    ALL,
    /**
     * Only failed attempts (cheaper at high throughput; successes show on the transaction span).
     */
    FAILURES,
    /** None: transaction spans only. */
    NONE
  }

  /** How a transaction's span relates to the trace context found in its metadata. */
  public enum Continuation {
    /**
     * As a child when the transaction was fetched alone (or processed singly); as a link when it
     * came in a batch of several, whose transactions belong to different traces.
     */
    AUTO,
    /** Always as a child: the transaction's span joins the incoming trace. */
    PARENT,
    /** Always as a link: the transaction's span stays in the consumer's trace. */
    LINK
  }

  /** Checks the fields. */
  public InstrumentationOptions {
    java.util.Objects.requireNonNull(attemptSpans, "attemptSpans");
    java.util.Objects.requireNonNull(continuation, "continuation");
  }

  /**
   * Every attempt traced, trace context continued as described by {@link Continuation#AUTO}.
   *
   * @return the defaults
   */
  public static InstrumentationOptions defaults() {
    return new InstrumentationOptions(AttemptSpans.ALL, Continuation.AUTO);
  }
}
