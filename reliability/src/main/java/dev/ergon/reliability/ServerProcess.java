package dev.ergon.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A server process the suite spawns itself and holds ({@link NatsServer}, {@link RedisServer}):
 * started in the foreground with its output appended to a log, ready once a greeting read on its
 * port satisfies a check, stopped gracefully with SIGTERM and waited for. Not thread-safe.
 */
final class ServerProcess {
  private final String name;
  private final List<String> cmd;
  private final Path home;
  private final int port;
  private final Probe probe;
  private Process process;

  /** Asks a starting server whether it is ready. */
  @FunctionalInterface
  interface Probe {
    /**
     * @return whether the server is ready
     * @throws Exception when it cannot be asked yet (not listening, no answer): not ready
     */
    boolean ready() throws Exception;
  }

  /**
   * @param name the server, for messages
   * @param cmd its command line
   * @param home its directory (its output goes to {@code home/out.log})
   * @param port the port it listens on
   * @param hello what to send once connected before reading a line ({@code ""}: nothing)
   * @param ready whether the first line read back says the server is ready
   */
  ServerProcess(
      String name, List<String> cmd, Path home, int port, String hello, Predicate<String> ready) {
    this(name, cmd, home, port, () -> ready.test(String.valueOf(greet(port, hello))));
  }

  /**
   * @param name the server, for messages
   * @param cmd its command line
   * @param home its directory (its output goes to {@code home/out.log})
   * @param port the port it listens on
   * @param probe whether it is ready (asked every 100 ms while it starts)
   */
  ServerProcess(String name, List<String> cmd, Path home, int port, Probe probe) {
    this.name = name;
    this.cmd = List.copyOf(cmd);
    this.home = home;
    this.port = port;
    this.probe = probe;
  }

  /** Connects to the port, sends {@code hello} (unless empty) and reads one line back. */
  private static @Nullable String greet(int port, String hello) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
      s.setSoTimeout(2_000);
      if (!hello.isEmpty()) {
        OutputStream out = s.getOutputStream();
        out.write(hello.getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
      return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
          .readLine();
    }
  }

  /**
   * The command line of a server that runs as a Java main class in a JVM of its own, with this
   * JVM's class path (a Kafka broker, an ElasticMQ server: so that the suite can stop and start it
   * like the other servers, which an in-process server would not allow).
   *
   * @param heapMb the server JVM's maximum heap in MiB
   * @param mainClass the class whose {@code main} runs the server
   * @param args its arguments
   * @return the command
   */
  static List<String> java(int heapMb, String mainClass, List<String> args) {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + heapMb + "m");
    cmd.add("-XX:+UseSerialGC"); // two cores shared with the worker and the suite
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(args);
    return cmd;
  }

  boolean running() {
    return process != null && process.isAlive();
  }

  /** Spawns the process and returns once its probe says it is ready. */
  void start() throws IOException, InterruptedException {
    process =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("out.log").toFile()))
            .start();
    long deadline = System.nanoTime() + Scenarios.PATIENCE.toNanos();
    String last = "(no answer)";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            name + " exited " + process.exitValue() + " while starting; " + home + "\n" + tail());
      }
      try {
        if (probe.ready()) {
          return;
        }
        last = "(not ready)";
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception notYet) {
        last = notYet.toString();
      }
      Thread.sleep(100);
    }
    throw new IOException(
        name + " not ready within " + Scenarios.PATIENCE + " (last: " + last + ")\n" + tail());
  }

  /** Sends SIGTERM and waits for the process to end. */
  void stop() throws IOException, InterruptedException {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(Scenarios.PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
      throw new IOException(name + ": did not stop within " + Scenarios.PATIENCE);
    }
    process = null;
  }

  /** Stops the process if it runs (forcibly when SIGTERM fails), keeps its logs, deletes home. */
  void close(Path logs, String prefix) {
    try {
      if (running()) {
        stop();
      }
    } catch (IOException e) {
      System.err.println(name + ": could not stop: " + e.getMessage());
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Files.createDirectories(logs);
      try (var files = Files.newDirectoryStream(home, "*.log")) {
        for (Path f : files) {
          Files.copy(
              f,
              logs.resolve(prefix + "-" + port + "-" + f.getFileName()),
              StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      System.err.println(name + ": could not keep its logs: " + e.getMessage());
    }
    Commands.delete(home);
  }

  private String tail() {
    return Commands.tail(home.resolve("out.log"));
  }
}
