package dev.ergon.reliability;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A PostgreSQL cluster of the suite's own: {@code initdb} into a temporary directory, its own port
 * on 127.0.0.1 and its own socket directory, trust authentication for {@code postgres}, started and
 * stopped with {@code pg_ctl} (stop {@code -m immediate}: the server dies as in a crash and
 * recovers from its WAL on the next start). The binaries are taken from {@code
 * /usr/lib/postgresql/<version>/bin}, newest first. PostgreSQL refuses to run as root, so as root
 * the tools run as the {@code postgres} user ({@code runuser}), and the directory is given to it.
 * Its server log is copied next to the worker logs when it closes.
 */
final class PostgresCluster implements OwnServer {
  private final Path bin;
  private final Path home;
  private final Path logs;
  private final int port;
  private final List<String> asOwner;
  private boolean running;

  private PostgresCluster(Path bin, Path home, Path logs, int port, List<String> asOwner) {
    this.bin = bin;
    this.home = home;
    this.logs = logs;
    this.port = port;
    this.asOwner = asOwner;
  }

  static PostgresCluster create(Path logs) throws IOException, InterruptedException {
    Path bin = binaries();
    // not under the caller's directory: as root, the postgres user must be able to reach it
    Path home = Files.createTempDirectory("ergon-rel-pg");
    List<String> asOwner = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      UserPrincipal postgres =
          home.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
      Files.setOwner(home, postgres);
      asOwner.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    PostgresCluster c = new PostgresCluster(bin, home, logs, OwnServer.freePort(), asOwner);
    c.tool(
        "initdb",
        "-D",
        c.data(),
        "-A",
        "trust",
        "-U",
        "postgres",
        "-E",
        "UTF8",
        "--no-sync",
        "--no-instructions");
    return c;
  }

  private static Path binaries() throws IOException {
    List<Path> found = new ArrayList<>();
    Path root = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(root)) {
      try (DirectoryStream<Path> versions = Files.newDirectoryStream(root)) {
        versions.forEach(v -> found.add(v.resolve("bin").resolve("pg_ctl")));
      }
    }
    found.sort((a, b) -> b.toString().compareTo(a.toString()));
    return Commands.find("PostgreSQL's pg_ctl", found).getParent();
  }

  private String data() {
    return home.resolve("data").toString();
  }

  private Path toolLog() {
    return home.resolve("tools.log");
  }

  private void tool(String name, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(asOwner);
    cmd.add(bin.resolve(name).toString());
    cmd.addAll(List.of(args));
    Commands.run(cmd, Map.of(), toolLog());
  }

  @Override
  public void start() throws IOException, InterruptedException {
    String options = "-p " + port + " -k " + home + " -c listen_addresses=127.0.0.1 -c fsync=off";
    tool(
        "pg_ctl",
        "-D",
        data(),
        "-l",
        home.resolve("server.log").toString(),
        "-o",
        options,
        "-w",
        "-t",
        Long.toString(Scenarios.PATIENCE.toSeconds()),
        "start");
    running = true;
  }

  @Override
  public void stop() throws IOException, InterruptedException {
    tool("pg_ctl", "-D", data(), "-m", "immediate", "-w", "stop");
    running = false;
  }

  @Override
  public String location() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
  }

  @Override
  public String describe() {
    return "PostgreSQL on 127.0.0.1:" + port + " (" + home + ")";
  }

  @Override
  public void close() {
    try {
      if (running) {
        stop();
      }
    } catch (IOException e) {
      System.err.println(describe() + ": could not stop: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (String log : List.of("server.log", "tools.log")) {
      try {
        Files.createDirectories(logs);
        Path from = home.resolve(log);
        if (Files.exists(from)) {
          Files.copy(
              from,
              logs.resolve("postgres-" + port + "-" + log),
              StandardCopyOption.REPLACE_EXISTING);
        }
      } catch (IOException e) {
        System.err.println(describe() + ": could not keep " + log + ": " + e.getMessage());
      }
    }
    Commands.delete(home);
  }
}
