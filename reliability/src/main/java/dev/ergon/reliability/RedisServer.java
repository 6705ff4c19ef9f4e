package dev.ergon.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A Redis server of the suite's own, beside the machine's: {@code redis-server} on its own port on
 * 127.0.0.1 with its own directory, append-only file on and snapshots off, started in the
 * foreground (ready once it answers {@code PING} with {@code +PONG}, i.e. after it loaded its
 * append-only file) and stopped gracefully with SIGTERM (Redis flushes the append-only file on it);
 * a restart keeps the data, so the stream, its consumer group and the group's pending entries
 * survive. Its log is copied next to the worker logs when it closes.
 */
final class RedisServer implements OwnServer {
  private static final Path BINARY = Path.of("/usr/bin/redis-server");

  private final Path home;
  private final Path logs;
  private final int port;
  private final ServerProcess process;

  private RedisServer(Path home, Path logs, int port) {
    this.home = home;
    this.logs = logs;
    this.port = port;
    this.process =
        new ServerProcess(
            "Redis on 127.0.0.1:" + port,
            List.of(
                BINARY.toString(),
                "--bind",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--dir",
                home.resolve("data").toString(),
                "--appendonly",
                "yes",
                "--save",
                "",
                "--logfile",
                home.resolve("redis.log").toString(),
                "--daemonize",
                "no"),
            home,
            port,
            "PING\r\n",
            "+PONG"::equals);
  }

  static RedisServer create(Path logs) throws IOException {
    Commands.find("redis-server", List.of(BINARY, Path.of("/usr/local/bin/redis-server")));
    Path home = Files.createTempDirectory("ergon-rel-redis");
    Files.createDirectories(home.resolve("data"));
    return new RedisServer(home, logs, OwnServer.freePort());
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
    return "redis://127.0.0.1:" + port;
  }

  @Override
  public String describe() {
    return "Redis on 127.0.0.1:" + port + " (" + home + ")";
  }

  @Override
  public void close() {
    process.close(logs, "redis");
  }
}
