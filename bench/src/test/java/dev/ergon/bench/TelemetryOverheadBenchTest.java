package dev.ergon.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark runs every scenario and prints its table (no timing is asserted). */
class TelemetryOverheadBenchTest {

  @Test
  void everyScenarioProcessesEveryTransactionAndTheTableListsThem() {
    List<TelemetryOverheadBench.Row> rows = TelemetryOverheadBench.run(200, 4, 20, 1);

    assertThat(rows)
        .extracting(TelemetryOverheadBench.Row::scenario)
        .containsExactly(
            "telemetry off (no-op API)",
            "SDK, traces sampled 0 %",
            "SDK, traces sampled 100 %",
            "SDK, traces 100 % + metrics");
    assertThat(rows).allSatisfy(r -> assertThat(r.rounds()).hasSize(1));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TelemetryOverheadBench.print(
        new PrintStream(bytes, true, StandardCharsets.UTF_8), 200, 4, 20, 1, rows);
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("| scenario")
        .contains("SDK, traces sampled 100 %")
        .contains("100%");
  }

  @Test
  void badOptionsAreRejectedNamingTheOption() {
    assertThatThrownBy(
            () -> TelemetryOverheadBench.option(new String[] {"--rounds", "0"}, "--rounds", 3))
        .hasMessageContaining("--rounds must be >= 1 but was 0");
    assertThat(TelemetryOverheadBench.option(new String[] {}, "--rounds", 3)).isEqualTo(3);
  }
}
