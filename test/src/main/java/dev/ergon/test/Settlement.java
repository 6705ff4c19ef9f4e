package dev.ergon.test;

import java.util.Objects;

/**
 * One settlement an {@link InMemoryConnector} received, as recorded in its {@linkplain
 * InMemoryConnector#settlementLog() settlement log}.
 *
 * <pre>{@code
 * assertThat(connector.settlementLog())
 *     .containsExactly(Settlement.acknowledged("a"), Settlement.deadLettered("b"));
 * }</pre>
 *
 * @param transactionId the id of the settled transaction
 * @param kind what happened to it
 */
public record Settlement(String transactionId, Kind kind) {

  /** What a settlement did to a transaction. */
  public enum Kind {
    /** Acknowledged: settled for good, never delivered again. */
    ACKNOWLEDGED,
    /** Released: rejected with requeue, back at the end of the ready queue for redelivery. */
    RELEASED,
    /** Dead-lettered: rejected without requeue, moved to the dead-letter list. */
    DEAD_LETTERED
  }

  /** Checks that both fields are present. */
  public Settlement {
    Objects.requireNonNull(transactionId, "transactionId");
    Objects.requireNonNull(kind, "kind");
  }

  /**
   * An acknowledgement of the given transaction.
   *
   * @param transactionId the transaction id
   * @return the settlement
   */
  public static Settlement acknowledged(String transactionId) {
    return new Settlement(transactionId, Kind.ACKNOWLEDGED);
  }

  /**
   * A release (reject with requeue) of the given transaction.
   *
   * @param transactionId the transaction id
   * @return the settlement
   */
  public static Settlement released(String transactionId) {
    return new Settlement(transactionId, Kind.RELEASED);
  }

  /**
   * A dead-lettering (reject without requeue) of the given transaction.
   *
   * @param transactionId the transaction id
   * @return the settlement
   */
  public static Settlement deadLettered(String transactionId) {
    return new Settlement(transactionId, Kind.DEAD_LETTERED);
  }
}
