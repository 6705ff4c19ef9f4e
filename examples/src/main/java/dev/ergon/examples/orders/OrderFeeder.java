package dev.ergon.examples.orders;

import dev.ergon.connector.Connector;
import dev.ergon.task.ProducerTask;
import dev.ergon.task.Ref;
import dev.ergon.transaction.Transaction;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Produces {@code count} orders, lazily from a stream, and dispatches each one to the {@code
 * orders} connector as a transaction with the stable id {@code order-<n>}. Like a real upstream it
 * sends some bad data: every {@value #INVALID_EVERY}th order has a quantity of zero.
 *
 * <pre>{@code
 * TaskConfig.builder("order-feeder")
 *     .task(() -> new OrderFeeder(200))
 *     .connector("orders", () -> queue)
 *     .policy(ProducerPolicy.builder("feed").batchSize(50).concurrency(4).build())
 *     .build();
 * }</pre>
 */
public final class OrderFeeder extends ProducerTask<Transaction> {

  /** Every order whose number is a multiple of this one is invalid (quantity 0). */
  public static final int INVALID_EVERY = 25;

  private static final List<String> CUSTOMERS = List.of("ada", "grace", "linus", "barbara", "ken");

  private final Ref<Connector> orders = connectorRef("orders");
  private final int count;

  /**
   * Creates a feeder.
   *
   * @param count how many orders to produce, at least 0
   */
  public OrderFeeder(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0 but was " + count);
    }
    this.count = count;
  }

  /**
   * The {@code n}-th order: a few units at a price between 5.99 and 24.99, or none when {@code n}
   * is a multiple of {@link #INVALID_EVERY}.
   *
   * @param n the order number, from 1
   * @return the order
   */
  public static Order order(int n) {
    int quantity = n % INVALID_EVERY == 0 ? 0 : 1 + n % 5;
    BigDecimal unitPrice = new BigDecimal(5 + n % 20 + ".99");
    return new Order(n, CUSTOMERS.get(n % CUSTOMERS.size()), quantity, unitPrice);
  }

  @Override
  public void execute() {
    produceTransactions(
        IntStream.rangeClosed(1, count)
            .mapToObj(n -> new Transaction("order-" + n, order(n), Map.of("source", "feeder"))));
  }

  /** Dispatches the order to the queue; a failure here would be retried per {@code prepare}. */
  @Override
  public Transaction prepareTransaction(Transaction transaction) throws Exception {
    orders.get().dispatchTransactions(List.of(transaction));
    return transaction;
  }
}
