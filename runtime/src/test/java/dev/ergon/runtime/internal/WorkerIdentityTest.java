package dev.ergon.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergon.ConfigurationException;
import dev.ergon.runtime.RunOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerIdentityTest {
  @Test
  void maxWorkersAboveOneMakesAParent() {
    assertThat(WorkerIdentity.resolve(RunOptions.defaults(), Map.of(), 3))
        .isEqualTo(new WorkerIdentity(0, 3, true, false));
    assertThat(WorkerIdentity.resolve(RunOptions.defaults(), Map.of(), 1))
        .isEqualTo(new WorkerIdentity(0, 1, false, false));
  }

  @Test
  void theEnvironmentMakesAWorkerAndTheControlVariableMarksItAsSpawned() {
    Map<String, String> env =
        Map.of("ERGON_WORKER_INDEX", "2", "ERGON_WORKER_COUNT", "3", "ERGON_CONTROL", "stdin");

    assertThat(WorkerIdentity.resolve(RunOptions.defaults(), env, 3))
        .isEqualTo(new WorkerIdentity(2, 3, false, true));
  }

  @Test
  void explicitOptionsWinOverTheEnvironment() {
    Map<String, String> env = Map.of("ERGON_WORKER_INDEX", "2", "ERGON_WORKER_COUNT", "3");

    assertThat(WorkerIdentity.resolve(RunOptions.builder().worker(1, 4).build(), env, 3))
        .isEqualTo(new WorkerIdentity(1, 4, false, false));
  }

  @Test
  void invalidEnvironmentVariablesAreNamed() {
    assertThatThrownBy(
            () ->
                WorkerIdentity.resolve(
                    RunOptions.defaults(),
                    Map.of("ERGON_WORKER_INDEX", "3", "ERGON_WORKER_COUNT", "3"),
                    1))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("ERGON_WORKER_INDEX");
    assertThatThrownBy(
            () ->
                WorkerIdentity.resolve(RunOptions.defaults(), Map.of("ERGON_WORKER_INDEX", "1"), 1))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("ERGON_WORKER_COUNT");
  }
}
