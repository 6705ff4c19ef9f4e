package dev.ergon.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergon.connector.Connector;
import dev.ergon.transaction.Transaction;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PrefetchWarningTest {

  private static Connector withPrefetch(OptionalInt prefetch) {
    return new Connector() {
      @Override
      public List<Transaction> fetchTransactions(int batchSize) {
        return List.of();
      }

      @Override
      public void dispatchTransactions(List<Transaction> transactions) {}

      @Override
      public OptionalInt configuredPrefetch() {
        return prefetch;
      }
    };
  }

  @Test
  void aPrefetchAboveTheConcurrencyIsWarnedAbout() {
    assertThat(EngineCore.prefetchWarning(withPrefetch(OptionalInt.of(40)), "input", 20))
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .contains("input")
                    .contains("40")
                    .contains("exceeds loop concurrency 20"));
  }

  @Test
  void anEqualOrUnknownPrefetchIsNot() {
    assertThat(EngineCore.prefetchWarning(withPrefetch(OptionalInt.of(20)), "input", 20)).isEmpty();
    assertThat(EngineCore.prefetchWarning(withPrefetch(OptionalInt.empty()), "input", 20))
        .isEmpty();
  }
}
