package dev.ergon.reliability;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A Kafka broker of the suite's own: one KRaft node (combined broker and controller) in a JVM of
 * its own ({@code kafka.Kafka}, from the Kafka jars on this JVM's class path), on its own two ports
 * on 127.0.0.1 with its own log directory, formatted once with {@code kafka.tools.StorageTool}.
 * Ready once an admin client sees the broker in the cluster; stopped gracefully with SIGTERM
 * (controlled shutdown). A restart keeps the log directory, so the topic, its records and the
 * consumer group's committed offsets survive. Its output is copied next to the worker logs when it
 * closes.
 */
final class KafkaBroker implements OwnServer {
  private static final int HEAP_MB = 768;

  private final Path home;
  private final Path logs;
  private final int port;
  private final ServerProcess process;

  private KafkaBroker(Path home, Path logs, int port, Path config) {
    this.home = home;
    this.logs = logs;
    this.port = port;
    this.process =
        new ServerProcess(
            "Kafka on 127.0.0.1:" + port,
            ServerProcess.java(HEAP_MB, "kafka.Kafka", List.of(config.toString())),
            home,
            port,
            this::ready);
  }

  /**
   * Writes the broker's configuration and formats its log directory.
   *
   * @param logs where its output is copied when it closes
   * @return the broker, stopped
   */
  static KafkaBroker create(Path logs) throws IOException, InterruptedException {
    Path home = Files.createTempDirectory("ergon-rel-kafka");
    int port = OwnServer.freePort();
    int controller = OwnServer.freePort();
    Path config = home.resolve("server.properties");
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, String> e :
        Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controller),
                Map.entry(
                    "listeners",
                    "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry(
                    "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("log.dirs", home.resolve("data").toString()),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "4"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"))
            .entrySet()) {
      text.append(e.getKey()).append('=').append(e.getValue()).append('\n');
    }
    Files.writeString(config, text, StandardCharsets.UTF_8);
    Path out = home.resolve("format.log");
    Process format =
        new ProcessBuilder(
                ServerProcess.java(
                    256,
                    "kafka.tools.StorageTool",
                    List.of(
                        "format",
                        "--cluster-id",
                        Uuid.randomUuid().toString(),
                        "--config",
                        config.toString())))
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    if (!format.waitFor(Scenarios.PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
      format.destroyForcibly();
      throw new IOException("Kafka's storage format did not end within " + Scenarios.PATIENCE);
    }
    if (format.exitValue() != 0) {
      throw new IOException(
          "Kafka's storage format of "
              + home
              + " exited "
              + format.exitValue()
              + "\n"
              + Commands.tail(out));
    }
    return new KafkaBroker(home, logs, port, config);
  }

  private boolean ready() throws Exception {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1_000); // listening: else not yet
    }
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, location(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000))) {
      return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
    }
  }

  @Override
  public void start() throws IOException, InterruptedException {
    process.start();
  }

  @Override
  public void stop() throws IOException, InterruptedException {
    process.stop();
  }

  @Override
  public String location() {
    return "127.0.0.1:" + port;
  }

  @Override
  public String describe() {
    return "Kafka on 127.0.0.1:" + port + " (" + home + ")";
  }

  @Override
  public void close() {
    process.close(logs, "kafka");
  }
}
