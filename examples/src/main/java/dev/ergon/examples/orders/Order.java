package dev.ergon.examples.orders;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An order as the feeder produces it and the processor reads it from a transaction's payload.
 *
 * <pre>{@code
 * Order order = transaction.payload(Order.class);
 * }</pre>
 *
 * @param id the order number, from 1
 * @param customer who ordered
 * @param quantity how many units; an order with less than one is invalid
 * @param unitPrice the price of one unit
 */
public record Order(int id, String customer, int quantity, BigDecimal unitPrice) {

  /** Checks that the fields are present; the quantity is a business rule, checked downstream. */
  public Order {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(unitPrice, "unitPrice");
  }
}
