package dev.ergon.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A second RabbitMQ node of the suite's own, beside the machine's: node name {@code
 * ergon-rel-<random>@localhost}, its own AMQP port on 127.0.0.1 and distribution port, its own
 * Mnesia and log directories, cookie ({@code HOME}), configuration and environment files, and no
 * plugins (an empty enabled-plugins file: no management listener to clash). It is started with
 * {@code rabbitmq-server -detached} (then {@code rabbitmqctl -n <node> wait} on its pid file) and
 * stopped gracefully with SIGTERM ({@link #stop()}); a restart keeps its data, so a durable queue
 * and its persistent messages survive. The node's log is copied next to the worker logs when it
 * closes.
 */
final class RabbitNode implements OwnServer {
  private static final Path SCRIPTS = Path.of("/usr/lib/rabbitmq/bin");

  private final Path home;
  private final Path logs;
  private final String node;
  private final int port;
  private final Map<String, String> env;
  private boolean running;

  private RabbitNode(Path home, Path logs, String node, int port, Map<String, String> env) {
    this.home = home;
    this.logs = logs;
    this.node = node;
    this.port = port;
    this.env = env;
  }

  static RabbitNode create(Path logs) throws IOException {
    Commands.find("rabbitmq-server", List.of(SCRIPTS.resolve("rabbitmq-server")));
    Path home = Files.createTempDirectory("ergon-rel-rabbit");
    String node = "ergon-rel-" + UUID.randomUUID().toString().substring(0, 8) + "@localhost";
    int port = OwnServer.freePort();
    int dist = OwnServer.freePort();
    Files.createDirectories(home.resolve("mnesia"));
    Files.createDirectories(home.resolve("log"));
    Files.writeString(home.resolve("enabled_plugins"), "");
    Files.writeString(home.resolve("rabbitmq-env.conf"), "");
    Files.writeString(
        home.resolve("rabbitmq.conf"),
        "listeners.tcp.local = 127.0.0.1:" + port + "\n",
        StandardCharsets.UTF_8);
    Map<String, String> env =
        Map.ofEntries(
            Map.entry("HOME", home.toString()),
            Map.entry("RABBITMQ_NODENAME", node),
            Map.entry("RABBITMQ_DIST_PORT", Integer.toString(dist)),
            Map.entry("RABBITMQ_MNESIA_BASE", home.resolve("mnesia").toString()),
            Map.entry("RABBITMQ_LOG_BASE", home.resolve("log").toString()),
            Map.entry("RABBITMQ_ENABLED_PLUGINS_FILE", home.resolve("enabled_plugins").toString()),
            Map.entry("RABBITMQ_CONFIG_FILE", home.resolve("rabbitmq.conf").toString()),
            Map.entry("RABBITMQ_CONF_ENV_FILE", home.resolve("rabbitmq-env.conf").toString()),
            Map.entry("RABBITMQ_PID_FILE", home.resolve("node.pid").toString()),
            Map.entry("ERL_EPMD_ADDRESS", "127.0.0.1"));
    return new RabbitNode(home, logs, node, port, env);
  }

  private void script(String name, String... args) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(SCRIPTS.resolve(name).toString());
    cmd.addAll(List.of(args));
    Commands.run(cmd, env, home.resolve("tools.log"));
  }

  @Override
  public void start() throws IOException, InterruptedException {
    Files.deleteIfExists(home.resolve("node.pid"));
    script("rabbitmq-server", "-detached");
    running = true;
    script(
        "rabbitmqctl",
        "-n",
        node,
        "wait",
        home.resolve("node.pid").toString(),
        "--timeout",
        Long.toString(Scenarios.PATIENCE.toSeconds()));
  }

  /**
   * Stops the node gracefully with SIGTERM to its process (RabbitMQ's signal handler runs the same
   * orderly shutdown as {@code rabbitmqctl stop}) and waits for the process to end. Not {@code
   * rabbitmqctl stop}: that boots an Erlang CLI first, which takes seconds on a loaded machine,
   * long enough for the worker to finish a CI-sized queue before the broker goes away.
   */
  @Override
  public void stop() throws IOException, InterruptedException {
    ProcessHandle node = ProcessHandle.of(pid()).orElse(null);
    if (node != null) {
      node.destroy();
      try {
        node.onExit().get(Scenarios.PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        throw new IOException(describe() + ": did not stop within " + Scenarios.PATIENCE, e);
      }
    }
    running = false;
  }

  private long pid() throws IOException {
    try {
      return Long.parseLong(Files.readString(home.resolve("node.pid")).trim());
    } catch (NumberFormatException e) {
      throw new IOException(describe() + ": no pid in " + home.resolve("node.pid"), e);
    }
  }

  @Override
  public String location() {
    return "amqp://guest:guest@127.0.0.1:" + port + "/%2f";
  }

  @Override
  public String describe() {
    return "RabbitMQ node " + node + " on 127.0.0.1:" + port + " (" + home + ")";
  }

  @Override
  public void close() {
    try {
      if (running) {
        stop();
      }
    } catch (IOException e) {
      System.err.println(describe() + ": could not stop: " + e.getMessage());
      killByPidFile();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    keepLogs();
    Commands.delete(home);
  }

  /** The node's own process, from its pid file, when the graceful stop failed. */
  private void killByPidFile() {
    try {
      ProcessHandle.of(pid()).ifPresent(ProcessHandle::destroyForcibly);
    } catch (IOException e) {
      System.err.println(describe() + ": no pid to stop: " + e.getMessage());
    }
  }

  private void keepLogs() {
    try {
      Files.createDirectories(logs);
      Files.copy(
          home.resolve("tools.log"),
          logs.resolve("rabbitmq-" + port + "-tools.log"),
          StandardCopyOption.REPLACE_EXISTING);
      try (DirectoryStream<Path> files = Files.newDirectoryStream(home.resolve("log"), "*.log")) {
        for (Path f : files) {
          Files.copy(
              f,
              logs.resolve("rabbitmq-" + port + "-" + f.getFileName()),
              StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      System.err.println(describe() + ": could not keep its logs: " + e.getMessage());
    }
  }
}
