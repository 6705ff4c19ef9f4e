package dev.ergon.connector.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AsyncCommitTest {
  private static final long TIMEOUT = 30_000_000_000L;
  private static final long T0 = 1_000L;

  @Test
  void oneCommitIsOutstandingAtATime() {
    AsyncCommit c = new AsyncCommit(TIMEOUT);

    long first = c.start(T0);

    assertThat(first).isPositive();
    assertThat(c.start(T0 + TIMEOUT - 1)).as("before the timeout").isZero();
    assertThat(c.answered(first)).isTrue();
    assertThat(c.outstanding()).isFalse();
    assertThat(c.start(T0 + 2)).as("once answered").isPositive().isNotEqualTo(first);
  }

  @Test
  void aCommitNeverAnsweredIsGivenUpAfterTheTimeoutSoCommittingGoesOn() {
    // the client may never call back a commit an outage cut off: without giving it up, no commit
    // would be sent again and the consumer would stay paused at a full window
    AsyncCommit c = new AsyncCommit(TIMEOUT);
    long lost = c.start(T0);

    assertThat(c.overdue(T0 + TIMEOUT - 1)).isFalse();
    assertThat(c.overdue(T0 + TIMEOUT)).isTrue();
    long next = c.start(T0 + TIMEOUT);

    assertThat(next).isPositive().isNotEqualTo(lost);
    assertThat(c.overdue(T0 + TIMEOUT)).as("the new one is not overdue").isFalse();
  }

  @Test
  void aGivenUpCommitsLateAnswerDoesNotReleaseTheOneSentAfterIt() {
    AsyncCommit c = new AsyncCommit(TIMEOUT);
    long lost = c.start(T0);
    long next = c.start(T0 + TIMEOUT);

    assertThat(c.answered(lost)).isFalse();
    assertThat(c.outstanding()).isTrue();
    assertThat(c.start(T0 + TIMEOUT + 1)).as("the new one is still outstanding").isZero();
    assertThat(c.answered(next)).isTrue();
    assertThat(c.outstanding()).isFalse();
  }

  @Test
  void refusesANonPositiveTimeout() {
    assertThatThrownBy(() -> new AsyncCommit(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeoutNanos");
  }
}
