package dev.ergon.telemetry;

import dev.ergon.task.ConsumerTask;
import dev.ergon.transaction.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs one INFO line per transaction inside {@code processTransaction}. */
final class LoggingConsumer extends ConsumerTask<String> {
  static final String LOGGER = "orders.processor";
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  @Override
  public String processTransaction(Transaction tx) {
    LOG.info("processing {}", tx.id());
    return "ok";
  }
}
