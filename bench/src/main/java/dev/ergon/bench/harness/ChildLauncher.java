package dev.ergon.bench.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Starts one fresh JVM per run: the same {@code java}, the same class path and {@link #JVM_FLAGS}.
 */
public final class ChildLauncher {
  /** The heap and GC flags of every child, fixed so that rows compare. */
  public static final List<String> JVM_FLAGS =
      List.of("-Xms2g", "-Xmx2g", "-XX:+UseParallelGC", "--enable-native-access=ALL-UNNAMED");

  private static final String CHILD = "dev.ergon.bench.BenchChild";
  private final String java;
  private final String classPath;
  private final long timeoutSeconds;

  /**
   * A launcher using this JVM's {@code java} and class path.
   *
   * @param timeoutSeconds the longest a child may run before it is killed and the row fails
   */
  public ChildLauncher(long timeoutSeconds) {
    this.java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    this.classPath = System.getProperty("java.class.path");
    this.timeoutSeconds = timeoutSeconds;
  }

  /**
   * Runs one child and reads its result line; its other output goes to this JVM's standard error.
   *
   * @param scenario the scenario id
   * @param row the row key
   * @param transactions measured transactions
   * @param warmup warm-up transactions
   * @return the child's measurement
   * @throws IOException when the child cannot start, fails, times out or prints no result
   * @throws InterruptedException when interrupted while waiting
   */
  public Measurement run(String scenario, String row, int transactions, int warmup)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(java));
    cmd.addAll(JVM_FLAGS);
    cmd.addAll(List.of("-cp", classPath, CHILD, scenario, row, "" + transactions, "" + warmup));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    AtomicBoolean killed = new AtomicBoolean();
    CompletableFuture<Void> watchdog =
        CompletableFuture.runAsync(
            () -> killed.set(p.destroyForcibly() != null),
            CompletableFuture.delayedExecutor(timeoutSeconds, TimeUnit.SECONDS));
    String result = readResult(p);
    p.waitFor();
    watchdog.cancel(false);
    if (killed.get()) {
      throw new IOException(what(scenario, row) + " did not end within " + timeoutSeconds + " s");
    }
    if (p.exitValue() != 0 || result == null) {
      throw new IOException(
          what(scenario, row) + " failed (exit " + p.exitValue() + "); its errors are above");
    }
    return Measurement.parse(result);
  }

  private static @Nullable String readResult(Process p) throws IOException {
    String result = null;
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.startsWith(Measurement.PREFIX)) {
          result = line;
        } else {
          System.err.println(line);
        }
      }
    }
    return result;
  }

  private static String what(String scenario, String row) {
    return "bench child " + scenario + "/" + row;
  }
}
