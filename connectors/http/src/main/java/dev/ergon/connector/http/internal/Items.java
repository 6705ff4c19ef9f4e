package dev.ergon.connector.http.internal;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ergon.connector.http.HttpConnectorException;
import dev.ergon.connector.http.HttpSettings;
import dev.ergon.transaction.Transaction;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns the JSON of a page into items and an item into a transaction, with the configured pointers.
 */
public final class Items {

  /** What an item decodes to: a transaction, or why it cannot be one. */
  public sealed interface Decoded {}

  /**
   * An item that is a transaction.
   *
   * @param transaction the transaction
   */
  public record Valid(Transaction transaction) implements Decoded {}

  /**
   * An item that cannot be a transaction.
   *
   * @param error what is wrong, naming the page and the item index
   * @param id the id when it could be read, or null
   */
  public record Invalid(String error, @Nullable String id) implements Decoded {}

  private final ObjectMapper json;
  private final JsonPointer items;
  private final JsonPointer id;
  private final JsonPointer payload;
  private final @Nullable JsonPointer metadata;
  private final String itemsText;
  private final String idText;

  /**
   * Compiles the pointers of the settings.
   *
   * @param settings the settings
   * @param json the mapper payloads are converted with
   */
  public Items(HttpSettings settings, ObjectMapper json) {
    this.json = json;
    this.items = JsonPointer.compile(settings.itemsPointer());
    this.id = JsonPointer.compile(settings.idPointer());
    this.payload = JsonPointer.compile(settings.payloadPointer());
    this.metadata =
        settings.metadataPointer() == null ? null : JsonPointer.compile(settings.metadataPointer());
    this.itemsText = settings.itemsPointer();
    this.idText = settings.idPointer();
  }

  /**
   * The items array of a page.
   *
   * @param page the page's JSON
   * @param url the page's URL, for the error
   * @return the array
   * @throws HttpConnectorException when there is no array at the items pointer
   */
  public JsonNode array(JsonNode page, String url) {
    JsonNode a = page.at(items);
    if (!a.isArray()) {
      throw new HttpConnectorException(
          "page "
              + url
              + " has no items array at items_pointer '"
              + itemsText
              + "' (found "
              + (a.isMissingNode()
                  ? "nothing"
                  : a.getNodeType().toString().toLowerCase(java.util.Locale.ROOT))
              + ")",
          null);
    }
    return a;
  }

  /**
   * Decodes one item.
   *
   * @param item the item's JSON
   * @param where the page and index, for errors ({@code "item 3 of page https://…"})
   * @return the transaction, or what is wrong
   */
  public Decoded decode(JsonNode item, String where) {
    JsonNode idNode = item.at(id);
    String txId = idNode.isTextual() || idNode.isIntegralNumber() ? idNode.asText() : null;
    if (txId == null || txId.isBlank()) {
      return new Invalid(
          where
              + " has no id at id_pointer '"
              + idText
              + "' (found "
              + (idNode.isMissingNode() ? "nothing" : "'" + abbreviate(idNode.toString()) + "'")
              + ")",
          null);
    }
    JsonNode body = item.at(payload);
    if (body.isMissingNode() || body.isNull()) {
      return new Invalid(where + " (id " + txId + ") has no payload at payload_pointer", txId);
    }
    Map<String, String> meta = new LinkedHashMap<>();
    if (metadata != null) {
      JsonNode m = item.at(metadata);
      if (!m.isMissingNode() && !m.isNull() && !m.isObject()) {
        return new Invalid(where + " (id " + txId + ") has metadata that is not an object", txId);
      }
      m.properties()
          .forEach(
              e ->
                  meta.put(
                      e.getKey(),
                      e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
    }
    Object value = json.convertValue(body, Object.class);
    return new Valid(new Transaction(txId, value, meta));
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
