package dev.ergon.engine;

/** Why a consumer or producer loop ended. */
public enum EndReason {
  /** A non-streaming loop found its source empty (or a producer's source ran out). */
  DRAINED,
  /** {@code loop.limit} transactions were taken. */
  LIMIT_REACHED,
  /** {@code loop.timeout} expired: fetching stopped and in-flight work was finished. */
  TIMED_OUT,
  /** The run was asked to stop (shutdown): fetching stopped, unstarted work was released. */
  STOPPED,
  /** Fetching failed after {@code fetch.retry} in a non-streaming loop. */
  FETCH_FAILED
}
