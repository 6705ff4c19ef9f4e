package dev.ergon.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergon.retry.AttemptTimeoutException;
import dev.ergon.transaction.TransactionException.Category;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class TransactionExceptionTest {

  static final class SilentException extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  @Test
  void wrappingAnExceptionWithAnEmptyMessageKeepsTheCauseAndNamesItsClass() {
    SilentException cause = new SilentException();
    TransactionException e = TransactionException.wrap(cause, "tx-1");
    assertThat(e.getCause()).isSameAs(cause);
    assertThat(e.getMessage()).contains("SilentException").doesNotContain("A transaction error");
    assertThat(e.category()).isEqualTo(Category.SYSTEM);
    assertThat(e.toString()).startsWith("(SYSTEM - tx-1)").contains("SilentException");
  }

  @Test
  void timeoutsAreWrappedAsTimeout() {
    assertThat(TransactionException.wrap(new TimeoutException("slow"), "t").category())
        .isEqualTo(Category.TIMEOUT);
    assertThat(
            TransactionException.wrap(new AttemptTimeoutException(1, Duration.ofSeconds(1)), "t")
                .category())
        .isEqualTo(Category.TIMEOUT);
  }

  @Test
  void aTransactionExceptionKeepsItsCategoryAndGainsTheId() {
    TransactionException business = new TransactionException("bad order", Category.BUSINESS);
    TransactionException wrapped = TransactionException.wrap(business, "tx-9");
    assertThat(wrapped.category()).isEqualTo(Category.BUSINESS);
    assertThat(wrapped.transactionId()).contains("tx-9");
    assertThat(wrapped.getMessage()).isEqualTo("bad order");
    assertThat(wrapped.isRetryable()).isFalse();
  }

  @Test
  void subclassesKeepTheirTypeWhenTheIdIsAdded() {
    TransactionException timeout =
        new TransactionTimeoutException("a", Duration.ofSeconds(1)).withTransactionId("b");
    assertThat(timeout).isInstanceOf(TransactionTimeoutException.class);
    assertThat(timeout.transactionId()).contains("b");
    assertThat(timeout.category()).isEqualTo(Category.TIMEOUT);
  }

  @Test
  void toStringReadsCategoryIdMessageAndCause() {
    TransactionException e =
        new TransactionException(
            "refused", Category.SYSTEM, "tx-1", new java.io.IOException("conn refused"));
    assertThat(e.toString())
        .isEqualTo("(SYSTEM - tx-1) refused [cause: IOException: conn refused]");
    assertThat(new TransactionException("x", Category.BUSINESS).toString())
        .isEqualTo("(BUSINESS) x");
  }
}
