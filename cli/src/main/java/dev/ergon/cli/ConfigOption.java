package dev.ergon.cli;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option of every command that reads configuration. */
final class ConfigOption {
  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description =
          "Configuration file (default: ./ergon.yaml if it exists). Overridden by system"
              + " properties ergon.tasks.… and environment variables ERGON_TASKS__….")
  @Nullable Path file;
}
