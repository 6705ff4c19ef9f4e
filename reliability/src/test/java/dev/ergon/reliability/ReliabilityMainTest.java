package dev.ergon.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergon.reliability.ReliabilityMain.Options;
import dev.ergon.reliability.ReliabilityMain.UsageException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line of {@code ./ergon reliability}: defaults, values, and clear errors. */
class ReliabilityMainTest {

  @Test
  void defaultsRunEveryScenarioButTheBacklogOnEveryBackend() throws Exception {
    Options o = Options.parse(new String[0]);
    assertThat(o.transactions()).isEqualTo(10_000);
    assertThat(o.concurrency()).isEqualTo(16);
    assertThat(o.backlog()).isEqualTo(1_000_000);
    assertThat(o.scenarios()).containsExactly("kill", "sigterm", "restart", "scale-out", "poison");
    assertThat(o.backends()).containsExactly(Backend.values());
    assertThat(o.help()).isFalse();
  }

  @Test
  void readsValuesAndBackendsInOrder() throws Exception {
    Options o =
        Options.parse(
            new String[] {
              "--transactions",
              "2,000",
              "--concurrency",
              "4",
              "--scenarios",
              "restart,kill",
              "NATS",
              "postgres"
            });
    assertThat(o.transactions()).isEqualTo(2_000);
    assertThat(o.concurrency()).isEqualTo(4);
    assertThat(o.scenarios()).containsExactly("restart", "kill");
    assertThat(o.backends()).containsExactly(Backend.NATS, Backend.POSTGRES);
  }

  @Test
  void helpIsAnOptionNotABackend() throws Exception {
    assertThat(Options.parse(new String[] {"postgres", "--help"}).help()).isTrue();
    assertThat(Options.parse(new String[] {"-h"}).help()).isTrue();
    assertThat(ReliabilityMain.USAGE).contains("--transactions N", "--scenarios", "postgres");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--transactions|--transactions needs a value",
        "--transactions --concurrency 4|--transactions needs a value",
        "--transactions ten|--transactions must be a whole number above 0, but was 'ten'",
        "--concurrency 0|--concurrency must be a whole number above 0, but was '0'",
        "--backlog -5|--backlog must be a whole number above 0, but was '-5'",
        "--scenarios kill,reboot|--scenarios: unknown scenario 'reboot'",
        "mongodb|unknown backend 'mongodb'; backends: postgres, sqlite",
        "--verbose|unknown option '--verbose'",
      })
  void aBadArgumentIsNamed(String line, String message) {
    String[] args = line.split(" ");
    assertThatThrownBy(() -> Options.parse(args))
        .as("%s", Arrays.toString(args))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(message);
  }

  @Test
  void unknownBackendListsTheKnownOnes() {
    assertThatThrownBy(() -> Options.parse(new String[] {"mysql"}))
        .hasMessageContaining(
            String.join(", ", List.of(Backend.values()).stream().map(Backend::label).toList()));
  }
}
