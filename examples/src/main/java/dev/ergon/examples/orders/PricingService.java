package dev.ergon.examples.orders;

import dev.ergon.service.Service;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A simulated remote pricing service that is flaky on purpose: the first call for every {@code
 * flakyEvery}-th order fails with an {@link IOException}, and every later call for it succeeds, so
 * that the processor's retry policy has something to retry. Deterministic whatever the concurrency.
 *
 * <pre>{@code
 * TaskConfig.builder("order-processor").service("pricing", () -> new PricingService(10));
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class PricingService implements Service {
  private final int flakyEvery;
  private final Set<Integer> failedOnce = ConcurrentHashMap.newKeySet();

  /**
   * Creates the service.
   *
   * @param flakyEvery the first call for orders whose number is a multiple of this fails; at least
   *     1
   */
  public PricingService(int flakyEvery) {
    if (flakyEvery < 1) {
      throw new IllegalArgumentException("flakyEvery must be >= 1 but was " + flakyEvery);
    }
    this.flakyEvery = flakyEvery;
  }

  /**
   * Prices an order: quantity times unit price, to the cent.
   *
   * @param order the order
   * @return the total
   * @throws IOException on the first call for every {@code flakyEvery}-th order (a simulated
   *     outage)
   */
  public BigDecimal total(Order order) throws IOException {
    if (order.id() % flakyEvery == 0 && failedOnce.add(order.id())) {
      throw new IOException(
          "pricing service unavailable for order " + order.id() + " (simulated outage)");
    }
    return order
        .unitPrice()
        .multiply(BigDecimal.valueOf(order.quantity()))
        .setScale(2, RoundingMode.HALF_UP);
  }
}
