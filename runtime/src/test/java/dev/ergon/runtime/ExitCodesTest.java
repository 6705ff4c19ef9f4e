package dev.ergon.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExitCodesTest {
  @Test
  void theWorstCodeFollowsTheDocumentedOrder() {
    assertThat(ExitCodes.worst(List.of(0, 3, 130, 143, 2, 1))).isEqualTo(1);
    assertThat(ExitCodes.worst(List.of(0, 130, 143))).isEqualTo(143);
    assertThat(ExitCodes.worst(List.of(3, 130, 0))).isEqualTo(130);
    assertThat(ExitCodes.worst(List.of(0, 3))).isEqualTo(3);
    assertThat(ExitCodes.worst(List.of(143, 2))).isEqualTo(2);
    assertThat(ExitCodes.worst(List.of(0, 0, 0))).isZero();
    assertThat(ExitCodes.worst(List.of())).isZero();
  }

  @Test
  void anUnknownCodeSuchAsAKilledWorkerIsWorseThanAFailure() {
    assertThat(ExitCodes.worst(List.of(1, 137, 0))).isEqualTo(137);
  }
}
