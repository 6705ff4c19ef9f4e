package dev.ergon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergon.bench.harness.Options;
import dev.ergon.bench.harness.RowResult;
import dev.ergon.bench.harness.RowSpec;
import dev.ergon.bench.harness.Scenario;
import dev.ergon.bench.scenario.Scenarios;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every scenario once at a tiny size through the real path: a child JVM per row, result lines,
 * table, CSV and charts, so that none of them rots. S6 starts its KRaft broker in each child JVM.
 * PostgreSQL and RabbitMQ must be up (CI starts them): their scenarios fail here, not skip, when
 * they are down.
 */
class BenchQuickTest {
  @TempDir Path out;

  @Test
  void theInJvmScenariosRunEveryRowInAChildJvmAndWriteTheirFiles() throws Exception {
    Bench.Report report = quick("s1", "s2", "s5", "s6");

    assertThat(report.failed()).isEmpty();
    assertThat(report.skipped()).isEmpty();
    for (String id : List.of("s1", "s2", "s5", "s6")) {
      assertRan(id, report);
    }
    assertThat(out.resolve("s2-latency.png")).exists();
    RowResult ergon = report.results().get("s2").get(1);
    assertThat(ergon.best().orElseThrow().p99Micros()).isGreaterThanOrEqualTo(20_000);
    assertThat(ergon.best().orElseThrow().extra()).isPositive(); // heap per in-flight transaction
  }

  @Test
  void theServiceScenariosRunAgainstPostgresqlAndRabbitmq() throws Exception {
    for (String id : List.of("s3", "s4")) {
      assertThat(Scenarios.byId(id).unavailable())
          .as("%s needs its service (CI starts PostgreSQL and RabbitMQ)", id)
          .isEmpty();
    }

    Bench.Report report = quick("s3", "s4");

    assertThat(report.failed()).isEmpty();
    assertThat(report.skipped()).isEmpty();
    assertRan("s3", report);
    assertRan("s4", report);
  }

  private Bench.Report quick(String... ids) {
    String[] args = new String[ids.length + 3];
    System.arraycopy(ids, 0, args, 0, ids.length);
    args[ids.length] = "--quick";
    args[ids.length + 1] = "--out";
    args[ids.length + 2] = out.toString();
    ByteArrayOutputStream tables = new ByteArrayOutputStream();
    Bench.Report report =
        Bench.run(
            Options.parse(args), new PrintStream(tables, true, StandardCharsets.UTF_8), System.err);
    System.out.print(tables.toString(StandardCharsets.UTF_8));
    return report;
  }

  private void assertRan(String id, Bench.Report report) throws Exception {
    Scenario s = Scenarios.byId(id);
    List<RowResult> rows = report.results().get(id);
    assertThat(rows).extracting(RowResult::row).containsExactlyElementsOf(s.rows());
    for (RowResult r : rows) {
      if (r.row().computedPerSecond().isEmpty()) {
        assertThat(r.runs()).hasSize(1);
        assertThat(r.runs().get(0).transactions()).isEqualTo(s.transactions(true));
      }
    }
    List<String> csv = Files.readAllLines(out.resolve(id + ".csv"));
    assertThat(csv).hasSize(s.rows().size() + 1);
    assertThat(csv.get(0)).startsWith("row,system,best_tx_per_s,run1_tx_per_s,p50_us");
    for (int i = 0; i < s.rows().size(); i++) {
      RowSpec row = s.rows().get(i);
      assertThat(csv.get(i + 1)).startsWith(row.key() + ",");
    }
    assertThat(Files.readString(out.resolve(id + ".md"))).contains(s.title(), "| vs limit |");
    BufferedImage chart = ImageIO.read(out.resolve(id + "-throughput.png").toFile());
    assertThat(chart.getWidth()).isEqualTo(1000);
  }
}
