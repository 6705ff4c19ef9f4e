package dev.ergon.cli;

import dev.ergon.cli.internal.Printable;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option of every command that reads configuration. */
final class ConfigOption {
  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      converter = FilePath.class,
      description =
          "Configuration file (default: ./ergon.yaml if it exists). Overridden by system"
              + " properties ergon.tasks.… and environment variables ERGON_TASKS__….")
  @Nullable Path file;

  /**
   * Reads the option as a path; a value the file system cannot name (NUL, an unpaired surrogate)
   * fails as invalid input naming the value, instead of picocli's report of the JDK's exception.
   */
  static final class FilePath implements CommandLine.ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
      try {
        return Path.of(value);
      } catch (InvalidPathException e) {
        throw new CommandLine.TypeConversionException(
            "'"
                + Printable.of(value)
                + "' is not a file path this system can open: "
                + e.getReason());
      }
    }
  }
}
