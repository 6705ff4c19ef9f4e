package dev.ergon.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * An ElasticMQ server of the suite's own (SQS), beside the in-process one the other SQS scenarios
 * share: {@link ElasticMqMain} in a JVM of its own ({@link ServerProcess#java}) on its own port on
 * 127.0.0.1, with persistent queue and message storage (an H2 database file) in its own directory,
 * ready once it answers an HTTP request with a status line and, after a restart, lists again every
 * queue it listed before the stop, stopped gracefully with SIGTERM. A restart keeps the queue, its
 * dead-letter queue and their messages. ElasticMQ answers HTTP before it has restored its queues
 * from the H2 file (about a second here, during which the queues do not exist), hence the second
 * check. A message received but not deleted before the stop keeps its visibility deadline: it comes
 * back when its visibility timeout expires, with its receive count. Its output is copied next to
 * the worker logs when it closes.
 */
final class ElasticMqServer implements OwnServer {
  /** The server JVM's heap: ElasticMQ holds the messages in memory besides its H2 file. */
  private static final int HEAP_MB = 256;

  private final Path home;
  private final Path logs;
  private final int port;
  private final ServerProcess process;
  private int queuesAtStop;

  private ElasticMqServer(Path home, Path logs, int port) {
    this.home = home;
    this.logs = logs;
    this.port = port;
    this.process =
        new ServerProcess(
            "ElasticMQ on 127.0.0.1:" + port,
            ServerProcess.java(
                HEAP_MB,
                ElasticMqMain.class.getName(),
                List.of(Integer.toString(port), home.resolve("data").toString())),
            home,
            port,
            "GET /?Action=ListQueues HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n",
            line -> line.startsWith("HTTP/"));
  }

  static ElasticMqServer create(Path logs) throws IOException {
    Path home = Files.createTempDirectory("ergon-rel-elasticmq");
    Files.createDirectories(home.resolve("data"));
    return new ElasticMqServer(home, logs, OwnServer.freePort());
  }

  @Override
  public void start() throws IOException, InterruptedException {
    process.start();
    long deadline = System.nanoTime() + Scenarios.PATIENCE.toNanos();
    int listed;
    while ((listed = queues()) < queuesAtStop) {
      if (System.nanoTime() > deadline) {
        throw new IOException(
            describe()
                + " lists "
                + listed
                + " queues "
                + Scenarios.PATIENCE
                + " after its restart, "
                + queuesAtStop
                + " before: its storage lost some");
      }
      Thread.sleep(100);
    }
  }

  @Override
  public void stop() throws IOException, InterruptedException {
    queuesAtStop = queues();
    process.stop();
  }

  /** How many queues the server lists now. */
  private int queues() throws IOException, InterruptedException {
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(location() + "/?Action=ListQueues"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IOException(describe() + ": ListQueues answered " + r.statusCode());
      }
      return r.body().split("<QueueUrl>", -1).length - 1;
    }
  }

  @Override
  public String location() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public String describe() {
    return "ElasticMQ on 127.0.0.1:" + port + " (" + home + ")";
  }

  @Override
  public void close() {
    process.close(logs, "elasticmq");
  }
}
