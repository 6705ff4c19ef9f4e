package dev.ergon.connector.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ergon.connector.Rejection;
import dev.ergon.transaction.Transaction;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The dead-letter file: one JSON object per line, appended and forced to disk before the item is
 * settled. Thread-safe.
 */
public final class DeadLetters {
  private final Path file;
  private final ObjectMapper json;

  /**
   * A dead-letter file.
   *
   * @param file the JSON Lines file (created on the first dead letter)
   * @param json the mapper payloads are written with
   */
  public DeadLetters(Path file, ObjectMapper json) {
    this.file = file.toAbsolutePath();
    this.json = json;
  }

  /**
   * Appends a rejected transaction, with the engine's reason when it gave one.
   *
   * @param tx the transaction
   * @param page the URL of the page it came from, or null
   * @param why the reason, or null
   * @throws IOException when the file cannot be written
   */
  public void write(Transaction tx, @Nullable String page, @Nullable Rejection why)
      throws IOException {
    ObjectNode n = json.createObjectNode();
    n.put("id", tx.id());
    n.set("payload", json.valueToTree(tx.payload()));
    n.set("metadata", json.valueToTree(tx.metadata()));
    n.put("page", page);
    n.put("dead_lettered_at", Instant.now().toString());
    if (why != null) {
      ObjectNode r = n.putObject("reason");
      r.put("category", why.category().name().toLowerCase(java.util.Locale.ROOT));
      r.put("message", why.message());
      r.put("attempts", why.attempts());
      why.handlerFailure().ifPresent(h -> r.put("handler_error", String.valueOf(h)));
    }
    append(n);
  }

  /**
   * Appends an item that could not be a transaction.
   *
   * @param item the item as read
   * @param page the URL of its page
   * @param index its index in the page
   * @param error what is wrong with it
   * @throws IOException when the file cannot be written
   */
  public void writeInvalid(JsonNode item, String page, int index, String error) throws IOException {
    ObjectNode n = json.createObjectNode();
    n.putNull("id");
    n.set("item", item);
    n.put("page", page);
    n.put("index", index);
    n.put("error", error);
    n.put("dead_lettered_at", Instant.now().toString());
    append(n);
  }

  private synchronized void append(ObjectNode n) throws IOException {
    byte[] line =
        (json.writeValueAsString(n) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Files.createDirectories(file.getParent());
    try (FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer buf = ByteBuffer.wrap(line);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(false);
    }
  }

  /**
   * Reads every dead letter back (for tests and tools).
   *
   * @return the lines as JSON, oldest first; empty when the file does not exist
   * @throws IOException when it cannot be read
   */
  public List<JsonNode> readAll() throws IOException {
    List<JsonNode> all = new ArrayList<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        if (!line.isBlank()) {
          all.add(json.readTree(line));
        }
      }
    }
    return all;
  }
}
