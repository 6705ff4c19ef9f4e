package dev.ergon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets in connector and service settings (JDBC and AMQP URIs, passwords, tokens) never appear in
 * the output of {@code validate}, {@code list} or {@code policy explain}, whether the configuration
 * is valid or not, and whatever source they come from.
 */
class SecretsTest {
  private static final String SECRET = "Zq7-s3cr3t-Pw";

  @TempDir Path dir;

  private Path config(String name, String extra) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(
        file,
        """
        tasks:
          order-processor:
            connectors:
              input:
                jdbc_url: jdbc:postgresql://db:5432/app?user=app&password=%1$s
                amqp_uri: amqp://app:%1$s@rabbit:5672/prod
                password: %1$s
            services:
              api:
                token: %1$s
        %2$s
        """
            .formatted(SECRET, extra));
    return file;
  }

  private static Cli cli() {
    return Cli.with(TestTasks.orders(), TestTasks.audit())
        .env(
            Map.of(
                "ERGON_TASKS__ORDER_PROCESSOR__CONNECTORS__OUTPUT__URL",
                "amqp://u:" + SECRET + "@h/v"))
        .properties(Map.of("ergon.tasks.order-processor.services.db.password", SECRET));
  }

  @Test
  void noCommandPrintsASecret() throws IOException {
    Path good = config("good.yaml", "");
    Path bad = config("bad.yaml", "    max_workers: many\n");
    List<String[]> commands =
        List.of(
            new String[] {"validate", "--config", good.toString()},
            new String[] {"validate", "--config", bad.toString()},
            new String[] {"list", "--config", good.toString()},
            new String[] {
              "policy", "explain", "order-processor", "consumer", "-c", good.toString()
            },
            new String[] {
              "policy", "explain", "order-processor", "consumer", "-c", bad.toString()
            });
    for (String[] args : commands) {
      Cli.Result r = cli().run(args);
      assertThat(r.out() + r.err()).as(String.join(" ", args)).doesNotContain(SECRET);
      assertThat(r.code())
          .as(String.join(" ", args))
          .isEqualTo(args[args.length - 1].equals(bad.toString()) ? 2 : 0);
    }
  }
}
