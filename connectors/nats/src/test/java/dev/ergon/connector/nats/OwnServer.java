package dev.ergon.connector.nats;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A nats-server with JetStream that a test starts on its own free port (and may kill and start
 * again on the same port and store), with a user and password. Never the shared server.
 */
final class OwnServer implements AutoCloseable {
  static final String USER = "ergon";

  private final int port;
  private final Path store;
  private final String password;
  private Process process;

  OwnServer(Path store, String password) throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      this.port = s.getLocalPort();
    }
    this.store = store;
    this.password = password;
    start();
  }

  String url() {
    return "nats://127.0.0.1:" + port;
  }

  void start() throws IOException {
    process =
        new ProcessBuilder(
                "/usr/sbin/nats-server",
                "-a",
                "127.0.0.1",
                "-p",
                String.valueOf(port),
                "-js",
                "-sd",
                store.toString(),
                "--user",
                USER,
                "--pass",
                password)
            .redirectErrorStream(true)
            .redirectOutput(Path.of("target", "own-nats-" + port + ".log").toFile())
            .start();
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(this::accepting);
  }

  private boolean accepting() throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    }
  }

  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
