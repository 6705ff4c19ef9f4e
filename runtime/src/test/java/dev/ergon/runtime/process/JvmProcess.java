package dev.ergon.runtime.process;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A JVM started by a test: the test's own java binary and classpath, a main class and arguments;
 * standard output and error are merged and collected line by line.
 */
final class JvmProcess implements AutoCloseable {
  static final Duration STARTUP = Duration.ofSeconds(60);

  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Thread reader;

  private JvmProcess(Process process) {
    this.process = process;
    this.reader = Thread.ofPlatform().daemon(true).name("jvm-process-output").start(this::collect);
  }

  static JvmProcess start(Class<?> main, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().remove("ERGON_WORKER_INDEX");
    pb.environment().remove("ERGON_WORKER_COUNT");
    return new JvmProcess(pb.start());
  }

  private void collect() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        lines.add(line);
      }
    } catch (IOException e) {
      lines.add("<output read failed: " + e + ">");
    }
  }

  List<String> lines() {
    return List.copyOf(lines);
  }

  long count(Predicate<String> p) {
    return lines.stream().filter(p).count();
  }

  /** Waits until at least {@code n} lines match. */
  void awaitLines(Predicate<String> p, int n) {
    await()
        .atMost(STARTUP)
        .pollInterval(Duration.ofMillis(50))
        .failFast(
            "the process ended; output:\n" + String.join("\n", lines), () -> !process.isAlive())
        .until(() -> count(p) >= n);
  }

  void awaitLine(String fragment) {
    awaitLines(l -> l.contains(fragment), 1);
  }

  /** Sends a signal with {@code kill -s NAME pid}. */
  void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(process.pid())).start();
    if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException("kill -s " + name + " failed");
    }
  }

  /** Waits for the exit and returns the code; fails after {@code timeout}. */
  int exitCode(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(
          "the process did not exit within " + timeout + "; output:\n" + String.join("\n", lines));
    }
    reader.join(Duration.ofSeconds(10)); // the rest of the output
    return process.exitValue();
  }

  String output() {
    return String.join("\n", lines);
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
