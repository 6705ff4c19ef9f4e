package dev.ergon.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs the command-line tools of the servers the suite starts (initdb, pg_ctl, rabbitmqctl). */
final class Commands {
  private Commands() {}

  /**
   * Runs {@code cmd} to its end, its output appended to {@code log}.
   *
   * @throws IOException when it exits non-zero or outlives {@link Scenarios#PATIENCE}; the message
   *     names the command, the exit code and the log
   */
  static void run(List<String> cmd, Map<String, String> env, Path log)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Process p = pb.start();
    if (!p.waitFor(Scenarios.PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(
          String.join(" ", cmd) + " did not end within " + Scenarios.PATIENCE + "; log: " + log);
    }
    if (p.exitValue() != 0) {
      throw new IOException(
          String.join(" ", cmd) + " exited " + p.exitValue() + "; log: " + log + "\n" + tail(log));
    }
  }

  /** The last lines of a log, for an error message. */
  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(" + log + " cannot be read: " + e.getMessage() + ")";
    }
  }

  /** The first of {@code candidates} that is an executable file. */
  static Path find(String what, List<Path> candidates) throws IOException {
    for (Path p : candidates) {
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new IOException(what + " not found; looked at " + candidates);
  }

  /** Deletes a directory tree, best effort. */
  static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not delete " + dir + ": " + e.getMessage());
    }
  }
}
