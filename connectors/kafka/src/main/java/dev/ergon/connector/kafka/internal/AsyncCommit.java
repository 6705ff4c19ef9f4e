package dev.ergon.connector.kafka.internal;

/**
 * The one asynchronous offset commit the {@link PollLoop} keeps outstanding at a time. A commit
 * whose callback has not come within the timeout is given up, so that the next one can be sent: the
 * client does not always call back a commit that an outage cut off (its coordinator went away with
 * the request), and waiting for that callback would stop every later commit, so the partitions
 * would stay paused at a full window and the consumer would never resume. A given-up commit's late
 * callback is ignored, for the flag only: the offsets it did commit are still recorded by the
 * caller. Thread-safe (the consumer calls back on the poll thread, but {@code commitAsync} may call
 * back before it returns).
 */
final class AsyncCommit {
  private final long timeoutNanos;
  private long outstanding; // 0: none
  private long sentAt;
  private long last;

  /**
   * @param timeoutNanos how long a commit may go unanswered before it is given up
   */
  AsyncCommit(long timeoutNanos) {
    if (timeoutNanos <= 0) {
      throw new IllegalArgumentException("timeoutNanos must be positive but was " + timeoutNanos);
    }
    this.timeoutNanos = timeoutNanos;
  }

  /**
   * Starts a commit unless one is outstanding and not yet due to be given up.
   *
   * @param now {@link System#nanoTime()}
   * @return the new commit's number (positive), or 0 when one is outstanding
   */
  synchronized long start(long now) {
    if (outstanding != 0 && now - sentAt < timeoutNanos) {
      return 0;
    }
    outstanding = ++last;
    sentAt = now;
    return outstanding;
  }

  /**
   * Whether the commit started last was given up by {@link #start}: call it right before {@code
   * start} to know, for a log line.
   *
   * @param now {@link System#nanoTime()}
   * @return whether a commit is outstanding past the timeout
   */
  synchronized boolean overdue(long now) {
    return outstanding != 0 && now - sentAt >= timeoutNanos;
  }

  /**
   * A commit's callback came.
   *
   * @param commit its number from {@link #start}
   * @return whether it was the outstanding one (false: it had been given up)
   */
  synchronized boolean answered(long commit) {
    if (commit != outstanding) {
      return false;
    }
    outstanding = 0;
    return true;
  }

  /**
   * Whether a commit is outstanding (given up or not).
   *
   * @return whether one is
   */
  synchronized boolean outstanding() {
    return outstanding != 0;
  }
}
