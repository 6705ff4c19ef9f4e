package dev.ergon.reliability;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.elasticmq.server.ElasticMQServer;
import org.elasticmq.server.config.ElasticMQServerConfig;

/**
 * {@code ElasticMqMain PORT DIR}: an ElasticMQ server on {@code 127.0.0.1:PORT} that keeps its
 * queues and messages in {@code DIR}, run by {@link ElasticMqServer} in a JVM of its own. It is
 * ElasticMQ's own {@code org.elasticmq.server.Main} (the server and its configuration live in
 * {@code elasticmq-rest-sqs}) with the settings given here instead of a configuration file: message
 * storage in the H2 database {@code DIR/elasticmq} ({@code messages-storage}, which also stores the
 * queues and their attributes, and which ElasticMQ then uses instead of the {@code queues-storage}
 * file {@code DIR/queues.conf}, set too but not written), queue URLs on {@code
 * http://127.0.0.1:PORT}, no statistics server. SIGTERM stops it through ElasticMQ's shutdown (the
 * HTTP server unbound, the actor system terminated).
 */
final class ElasticMqMain {
  private ElasticMqMain() {}

  /**
   * Starts the server and returns; the server's threads keep the JVM alive.
   *
   * @param args the port and the data directory
   * @throws Exception when the directory cannot be made or the server does not start
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: ElasticMqMain PORT DIR");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    Path dir = Files.createDirectories(Path.of(args[1]).toAbsolutePath());
    Config settings =
        ConfigFactory.parseMap(
            Map.ofEntries(
                Map.entry("node-address.protocol", "http"),
                Map.entry("node-address.host", "127.0.0.1"),
                Map.entry("node-address.port", port),
                Map.entry("node-address.context-path", ""),
                Map.entry("generate-node-address", false),
                Map.entry("rest-sqs.enabled", true),
                Map.entry("rest-sqs.bind-hostname", "127.0.0.1"),
                Map.entry("rest-sqs.bind-port", port),
                Map.entry("rest-stats.enabled", false),
                Map.entry("queues-storage.enabled", true),
                Map.entry("queues-storage.path", dir.resolve("queues.conf").toString()),
                Map.entry("messages-storage.enabled", true),
                Map.entry("messages-storage.uri", "jdbc:h2:" + dir.resolve("elasticmq")),
                Map.entry("messages-storage.prune-data-on-init", false)));
    Config config = settings.withFallback(ConfigFactory.load()).resolve();
    scala.Function0<?> shutdown = new ElasticMQServer(new ElasticMQServerConfig(config)).start();
    Runtime.getRuntime()
        .addShutdownHook(Thread.ofPlatform().name("elasticmq-stop").unstarted(shutdown::apply));
    System.err.println("ElasticMQ on 127.0.0.1:" + port + " with its data in " + dir);
  }
}
