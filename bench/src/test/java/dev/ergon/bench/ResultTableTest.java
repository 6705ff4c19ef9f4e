package dev.ergon.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergon.bench.harness.Measurement;
import dev.ergon.bench.harness.Options;
import dev.ergon.bench.harness.ResultTable;
import dev.ergon.bench.harness.RowResult;
import dev.ergon.bench.harness.RowSpec;
import dev.ergon.bench.harness.TableSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The table and CSV writers on fixed rows, the result line and the command line. */
class ResultTableTest {
  private static final double NONE = Double.NaN;

  private static final List<RowResult> ROWS =
      List.of(
          new RowResult(
              RowSpec.run("a", "a, with comma"),
              List.of(
                  new Measurement(1_000, 1_000_000_000, 0, NONE, NONE, NONE),
                  new Measurement(1_000, 500_000_000, 1_500_000, 12.5, 250.0, 3.0))),
          new RowResult(RowSpec.computed("b", "b", 4_000), List.of()));

  @Test
  void theMarkdownTableShowsTheBestRunEveryRunAndTheRatioToTheLimitRow() {
    TableSpec spec = new TableSpec("T", "settings", true, "extra h", false, "b", 2);

    assertThat(ResultTable.markdown(spec, ROWS))
        .isEqualTo(
            """
            ### T

            settings

            | system / row | best tx/s | run 1 | run 2 | p50 µs | p99 µs | heap B/tx | extra h | vs limit |
            |---|---:|---:|---:|---:|---:|---:|---:|---:|
            | a, with comma | 2,000 | 1,000 | 2,000 | 12.5 | 250 | 1,500 | 3.00 | 0.50× |
            | b | 4,000 | – | – | – | – | – | – | 1.00× |
            """);
  }

  @Test
  void withoutLatencyTheLatencyCellsAreDashesAndMicrosPerTransactionIsAColumn() {
    TableSpec spec = new TableSpec("T", "s", false, null, true, "a", 1);

    assertThat(ResultTable.markdown(spec, ROWS))
        .endsWith(
            """
            | system / row | best tx/s | run 1 | p50 µs | p99 µs | heap B/tx | µs/tx | vs limit |
            |---|---:|---:|---:|---:|---:|---:|---:|
            | a, with comma | 2,000 | 1,000 | – | – | 1,500 | 500 | 1.00× |
            | b | 4,000 | – | – | – | – | 250 | 2.00× |
            """);
  }

  @Test
  void theCsvHasOneLinePerRowWithEmptyCellsWhereAValueDoesNotApply() {
    TableSpec spec = new TableSpec("T", "settings", true, "extra h", false, "b", 2);

    assertThat(ResultTable.csv(spec, ROWS))
        .isEqualTo(
            """
            row,system,best_tx_per_s,run1_tx_per_s,run2_tx_per_s,p50_us,p99_us,\
            heap_bytes_per_tx,extra h,ratio_to_limit
            a,"a, with comma",2000.0,1000.0,2000.0,12.5,250.0,1500.0,3.0,0.500
            b,b,4000.0,,,,,,,1.000
            """);
  }

  @Test
  void aMissingLimitRowIsNamed() {
    TableSpec spec = new TableSpec("T", "s", false, null, false, "nope", 1);

    assertThatThrownBy(() -> ResultTable.markdown(spec, ROWS)).hasMessage("no limit row 'nope'");
  }

  @Test
  void aResultLineReadsBackAsTheSameMeasurement() {
    Measurement m = new Measurement(2_000, 123_456_789, 42_000, 20_100.5, NONE, 17.0);

    assertThat(Measurement.parse(m.toLine())).isEqualTo(m);
    assertThat(m.toLine())
        .isEqualTo(
            "ERGON-BENCH-RESULT tx=2000 nanos=123456789 alloc=42000 p50=20100.5 p99=NaN"
                + " extra=17.0");
    assertThatThrownBy(() -> Measurement.parse("hello")).hasMessage("not a result line: hello");
  }

  @Test
  void theCommandLineNamesScenariosAndRejectsWhatItDoesNotKnow() {
    Options o = Options.parse("S1", "s2", "--quick");

    assertThat(o.scenarios()).containsExactly("s1", "s2");
    assertThat(o.quick()).isTrue();
    assertThat(o.runs()).isEqualTo(1);
    assertThat(o.transactions()).isNull();
    assertThat(Options.parse().runs()).isEqualTo(2);
    assertThat(Options.parse("--transactions", "500").transactions()).isEqualTo(500);
    assertThatThrownBy(() -> Options.parse("--transactions", "0"))
        .hasMessage("--transactions must be >= 1 but was 0");
    assertThatThrownBy(() -> Options.parse("s7"))
        .hasMessageStartingWith("unknown argument 's7'; usage: ./ergon bench");
    assertThatThrownBy(() -> Options.parse("--runs", "0"))
        .hasMessage("--runs must be >= 1 but was 0");
    assertThatThrownBy(() -> Options.parse("--out")).hasMessageStartingWith("--out needs a value");
    assertThatThrownBy(() -> Options.parse("--runs", "two"))
        .hasMessage("--runs needs a whole number but was 'two'");
  }
}
