package dev.ergon.connector.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ergon.connector.Connector;
import dev.ergon.test.ConnectorContractTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The conformance kit against a real HTTP API: dispatch POSTs envelopes ({@code id}, {@code
 * payload}, {@code metadata}) to a collection, the source reads the collection back with cursor
 * pagination (5 items a page), so ids, payloads and metadata round-trip. Two connectors on one
 * destination share its checkpoint file: one reads, the other stands by.
 */
class HttpContractTest extends ConnectorContractTest {
  private static ApiServer api;
  private static Path dir;

  @BeforeAll
  static void start() throws Exception {
    api = new ApiServer();
    dir = Files.createTempDirectory("ergon-http-ct");
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Override
  protected Connector open(String destination) {
    return new HttpConnector(settings(destination).build());
  }

  static HttpSettings.Builder settings(String destination) {
    return HttpSettings.builder()
        .url(api.items(destination) + "?limit=5")
        .pagination(Pagination.CURSOR)
        .cursorPointer("/next")
        .itemsPointer("/data")
        .idPointer("/id")
        .payloadPointer("/payload")
        .metadataPointer("/metadata")
        .totalPointer("/total")
        .itemUrl(api.items(destination) + "/{id}")
        .checkpointFile(dir.resolve(destination + ".checkpoint.json"))
        .pollInterval(Duration.ofMillis(50))
        .dispatchUrl(api.items(destination))
        .dispatchBody(DispatchBody.ENVELOPE);
  }

  @Override
  protected Capabilities capabilities() {
    return Capabilities.all().redeliveryWithin(Duration.ofSeconds(2));
  }

  @Override
  protected List<String> deadLetteredIds(String destination) throws Exception {
    Path file = settings(destination).build().effectiveDeadLetterFile();
    List<String> ids = new ArrayList<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        JsonNode n = ApiServer.JSON.readTree(line);
        ids.add(n.path("id").asText());
      }
    }
    return ids;
  }
}
