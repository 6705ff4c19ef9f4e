package dev.ergon.examples.orders;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What the processor dispatches to the {@code receipts} connector for each priced order.
 *
 * <pre>{@code
 * Receipt receipt = new Receipt(order.id(), total, Receipt.CONFIRMED);
 * }</pre>
 *
 * @param orderId the order's number
 * @param total quantity times unit price
 * @param status the order's status, {@link #CONFIRMED}
 */
public record Receipt(int orderId, BigDecimal total, String status) {

  /** The status of a priced order. */
  public static final String CONFIRMED = "CONFIRMED";

  /** Checks that the fields are present. */
  public Receipt {
    Objects.requireNonNull(total, "total");
    Objects.requireNonNull(status, "status");
  }
}
