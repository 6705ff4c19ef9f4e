package dev.ergon.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A NATS server of the suite's own, beside the machine's: {@code nats-server -js} on its own port
 * on 127.0.0.1 with its own JetStream store directory and log, started in the foreground (ready
 * once its {@code INFO} line says {@code "jetstream":true}) and stopped gracefully with SIGTERM; a
 * restart keeps the store, so the stream, its durable consumer and the unacknowledged messages
 * survive. Its log is copied next to the worker logs when it closes.
 */
final class NatsServer implements OwnServer {
  private static final Path BINARY = Path.of("/usr/sbin/nats-server");

  private final Path home;
  private final Path logs;
  private final int port;
  private final ServerProcess process;

  private NatsServer(Path home, Path logs, int port) {
    this.home = home;
    this.logs = logs;
    this.port = port;
    this.process =
        new ServerProcess(
            "NATS on 127.0.0.1:" + port,
            List.of(
                BINARY.toString(),
                "-a",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-js",
                "-sd",
                home.resolve("store").toString(),
                "-l",
                home.resolve("nats.log").toString()),
            home,
            port,
            "",
            line -> line.startsWith("INFO ") && line.contains("\"jetstream\":true"));
  }

  static NatsServer create(Path logs) throws IOException {
    Commands.find("nats-server", List.of(BINARY));
    Path home = Files.createTempDirectory("ergon-rel-nats");
    Files.createDirectories(home.resolve("store"));
    return new NatsServer(home, logs, OwnServer.freePort());
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
    return "nats://127.0.0.1:" + port;
  }

  @Override
  public String describe() {
    return "NATS on 127.0.0.1:" + port + " (" + home + ")";
  }

  @Override
  public void close() {
    process.close(logs, "nats");
  }
}
