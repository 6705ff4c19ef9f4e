package dev.ergon.examples.orders;

import dev.ergon.connector.Connector;
import dev.ergon.task.ConsumerTask;
import dev.ergon.task.Ref;
import dev.ergon.transaction.Transaction;
import dev.ergon.transaction.TransactionException;
import dev.ergon.transaction.TransactionException.Category;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Prices each order and dispatches a {@link Receipt} to the {@code receipts} connector. An order
 * with a quantity below one fails as a {@link Category#BUSINESS} error, which is never retried;
 * pricing failures (the {@code pricing} service is flaky) are retried per the policy's {@code
 * process.retry}. Whatever still fails goes to the {@code rejected} connector, with the reason in
 * its {@code error} metadata.
 *
 * <pre>{@code
 * TaskConfig.builder("order-processor")
 *     .task(OrderProcessor::new)
 *     .connector("orders", () -> queue)
 *     .connector("receipts", InMemoryConnector::new)
 *     .connector("rejected", InMemoryConnector::new)
 *     .service("pricing", () -> new PricingService(10))
 *     .policy(ConsumerPolicy.builder("process-orders").fetchConnector("orders").build())
 *     .build();
 * }</pre>
 *
 * <p>Thread-safe: the hooks run on up to {@code loop.concurrency.value} threads at once.
 */
public final class OrderProcessor extends ConsumerTask<Receipt> {
  private final Ref<Connector> receipts = connectorRef("receipts");
  private final Ref<Connector> rejected = connectorRef("rejected");
  private final Ref<PricingService> pricing = serviceRef("pricing", PricingService.class);

  /** Creates the processor; its connectors and service are checked when the worker starts it. */
  public OrderProcessor() {}

  @Override
  public Receipt processTransaction(Transaction transaction) throws Exception {
    Order order = transaction.payload(Order.class);
    if (order.quantity() < 1) {
      throw new TransactionException(
          "order " + order.id() + " has quantity " + order.quantity() + "; it must be at least 1",
          Category.BUSINESS);
    }
    return new Receipt(order.id(), pricing.get().total(order), Receipt.CONFIRMED);
  }

  @Override
  public void handleProcessSuccess(Transaction transaction, Receipt receipt) throws Exception {
    Transaction out =
        new Transaction("receipt-" + receipt.orderId(), receipt, Map.of("order", transaction.id()));
    receipts.get().dispatchTransactions(List.of(out));
  }

  @Override
  public void handleProcessException(Transaction transaction, TransactionException error)
      throws Exception {
    String reason = Objects.requireNonNullElse(error.getMessage(), error.toString());
    Transaction out =
        transaction.withMetadata(Map.of("error", reason, "category", error.category().name()));
    rejected.get().dispatchTransactions(List.of(out));
  }
}
