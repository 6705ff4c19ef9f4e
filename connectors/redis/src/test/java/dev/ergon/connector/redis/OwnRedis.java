package dev.ergon.connector.redis;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A redis-server that a test starts as a child process on its own free port with its own directory
 * (and may kill and start again on the same port and directory), optionally with a password and an
 * append-only file fsynced on every write. Never the shared server.
 */
final class OwnRedis implements AutoCloseable {
  private final int port;
  private final Path dir;
  private final @Nullable String password;
  private final boolean persistent;
  private @Nullable Process process;

  OwnRedis(Path dir, @Nullable String password, boolean persistent) throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      this.port = s.getLocalPort();
    }
    this.dir = dir;
    this.password = password;
    this.persistent = persistent;
    start();
  }

  /** The URI without credentials. */
  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  void start() throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.addAll(
        List.of(
            "redis-server",
            "--port",
            String.valueOf(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--dir",
            dir.toString(),
            "--daemonize",
            "no"));
    if (persistent) {
      cmd.addAll(List.of("--appendonly", "yes", "--appendfsync", "always"));
    } else {
      cmd.addAll(List.of("--appendonly", "no"));
    }
    if (password != null) {
      cmd.addAll(List.of("--requirepass", password));
    }
    process =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(Path.of("target", "own-redis-" + port + ".log").toFile())
            .start();
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(this::accepting);
  }

  private boolean accepting() throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    }
  }

  /** SIGKILL, and waits for the process to be gone. */
  void kill() throws InterruptedException {
    Process p = process;
    if (p != null) {
      p.destroyForcibly().waitFor();
    }
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
