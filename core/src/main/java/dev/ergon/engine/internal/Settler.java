package dev.ergon.engine.internal;

import dev.ergon.connector.Connector;
import dev.ergon.connector.Rejection;
import dev.ergon.connector.UnsupportedCapabilityException;
import dev.ergon.engine.Outcome.Disposition;
import dev.ergon.policy.SettlementMode;
import dev.ergon.policy.SettlementPolicy;
import dev.ergon.policy.UnhandledAction;
import dev.ergon.transaction.Transaction;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settlement step: acknowledges, dead-letters or releases a transaction with the connector it
 * came from, as the settlement policy says. A failure to settle is reported as a {@link
 * SettlementException}; the lifecycle turns it into a {@code redeliver} outcome.
 */
public final class Settler {
  private static final Logger LOG = LoggerFactory.getLogger(Settler.class);

  private final @Nullable Connector source;
  private final String sourceName;
  private final SettlementPolicy policy;
  private final AtomicBoolean warnedAck = new AtomicBoolean();
  private final AtomicBoolean warnedReject = new AtomicBoolean();

  /**
   * Creates a settler.
   *
   * @param source the connector transactions came from, or null when they have no source
   * @param sourceName the connector's configured name, for messages
   * @param policy the settlement policy
   */
  public Settler(@Nullable Connector source, String sourceName, SettlementPolicy policy) {
    this.source = source;
    this.sourceName = sourceName;
    this.policy = policy;
  }

  /** A settler for transactions that have no source (single transactions, producers). */
  static Settler none(SettlementPolicy policy) {
    return new Settler(null, "none", policy);
  }

  boolean automatic() {
    return source != null && policy.mode() == SettlementMode.AUTO;
  }

  /** Acknowledges after a completed lifecycle; NONE when settlement is manual or there is none. */
  Disposition acknowledge(Transaction tx) throws SettlementException {
    if (!automatic()) {
      return Disposition.NONE;
    }
    try {
      requireSource().acknowledge(tx);
      return Disposition.ACKNOWLEDGED;
    } catch (UnsupportedCapabilityException e) {
      if (warnedAck.compareAndSet(false, true)) {
        LOG.warn(
            "connector '{}' cannot acknowledge; settlement skipped: {}",
            sourceName,
            e.getMessage());
      }
      return Disposition.NONE;
    } catch (Exception e) {
      throw new SettlementException("acknowledge", tx.id(), sourceName, e);
    }
  }

  /** Applies the terminal action to a transaction whose exception handler failed. */
  Disposition giveUp(Transaction tx, Rejection why) throws SettlementException {
    if (!automatic()) {
      return Disposition.NONE;
    }
    boolean deadLetter =
        policy.onUnhandled() == UnhandledAction.DEAD_LETTER && requireSource().supportsDeadLetter();
    return reject(tx, !deadLetter, why);
  }

  /**
   * Gives a transaction back for redelivery: used for fetched transactions that never started
   * (stop, loop timeout, or more than were asked for). Done in manual mode too, since user code
   * never saw them.
   */
  Disposition release(Transaction tx) throws SettlementException {
    if (source == null) {
      return Disposition.NONE;
    }
    return reject(tx, true, null);
  }

  private Disposition reject(Transaction tx, boolean requeue, @Nullable Rejection why)
      throws SettlementException {
    try {
      if (why == null) {
        requireSource().reject(tx, requeue);
      } else {
        requireSource().reject(tx, requeue, why);
      }
      return requeue ? Disposition.RELEASED : Disposition.DEAD_LETTERED;
    } catch (UnsupportedCapabilityException e) {
      if (warnedReject.compareAndSet(false, true)) {
        LOG.error(
            "connector '{}' cannot reject; transactions it cannot handle stay with the source as it"
                + " decides: {}",
            sourceName,
            e.getMessage());
      }
      return Disposition.NONE;
    } catch (Exception e) {
      throw new SettlementException(requeue ? "release" : "dead-letter", tx.id(), sourceName, e);
    }
  }

  private Connector requireSource() {
    if (source == null) {
      throw new IllegalStateException("no source connector to settle with");
    }
    return source;
  }

  /** Settling failed; the source keeps the transaction and will deliver it again. */
  static final class SettlementException extends Exception {
    private static final long serialVersionUID = 1L;

    SettlementException(String operation, String txId, String connector, Throwable cause) {
      super(
          "could not "
              + operation
              + " transaction '"
              + txId
              + "' on connector '"
              + connector
              + "': "
              + cause,
          cause);
    }
  }
}
