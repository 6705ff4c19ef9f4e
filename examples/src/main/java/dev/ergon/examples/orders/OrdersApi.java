package dev.ergon.examples.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * A small orders API for the demo's HTTP queue ({@link OrderQueue#http}), on the JDK's {@code
 * HttpServer} at 127.0.0.1: append-only collections of JSON items under {@code /orders/<name>}.
 *
 * <ul>
 *   <li>{@code POST /orders/<name>} appends the body (an object with a non-blank {@code id}); an id
 *       already there is not appended again (a retried request), 200 either way;
 *   <li>{@code GET /orders/<name>?offset=<o>&limit=<l>} returns {@code {"items": [...], "total":
 *       n}}, the items from {@code o} in the order they were appended (an unknown collection is
 *       empty);
 *   <li>{@code DELETE /orders/<name>} removes the collection.
 * </ul>
 *
 * <p>The collections live in this object, not in the server: {@link #stop()} and {@link #start()}
 * take the API away and bring it back on the same port with the same items (what the reliability
 * suite's restart scenario needs). Thread-safe.
 */
public final class OrdersApi implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_LIMIT = 1_000;

  private final Map<String, Collection> collections = new ConcurrentHashMap<>();
  private int port;
  private @Nullable HttpServer server;
  private @Nullable ExecutorService executor;

  private static final class Collection {
    final List<JsonNode> items = new ArrayList<>();
    final Set<String> ids = new HashSet<>();
  }

  /**
   * An API on a free port of 127.0.0.1, started.
   *
   * @return the API
   * @throws UncheckedIOException when no port can be bound
   */
  public static OrdersApi serve() {
    OrdersApi api = new OrdersApi();
    api.start();
    return api;
  }

  private OrdersApi() {}

  /**
   * Starts serving: the first time on a free port, later on the same one again.
   *
   * @throws UncheckedIOException when the port cannot be bound
   * @throws IllegalStateException when it is serving already
   */
  public synchronized void start() {
    if (server != null) {
      throw new IllegalStateException("the orders API on 127.0.0.1:" + port + " is serving");
    }
    try {
      HttpServer s =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
      s.createContext("/orders/", this::handle);
      ExecutorService e = Executors.newVirtualThreadPerTaskExecutor();
      s.setExecutor(e);
      s.start();
      server = s;
      executor = e;
      port = s.getAddress().getPort();
    } catch (IOException e) {
      throw new UncheckedIOException("the orders API could not bind 127.0.0.1:" + port, e);
    }
  }

  /** Stops serving (connections are refused until {@link #start()}); the items are kept. */
  public synchronized void stop() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }

  /**
   * Where it serves.
   *
   * @return {@code http://127.0.0.1:<port>}
   */
  public synchronized String url() {
    return "http://127.0.0.1:" + port;
  }

  /**
   * How many items the collection holds.
   *
   * @param name the collection
   * @return the count (0 when there is none)
   */
  public int size(String name) {
    Collection c = collections.get(name);
    if (c == null) {
      return 0;
    }
    synchronized (c) {
      return c.items.size();
    }
  }

  @Override
  public void close() {
    stop();
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      String name = x.getRequestURI().getPath().substring("/orders/".length());
      if (name.isEmpty() || name.contains("/")) {
        reply(x, 404, error("no collection in " + x.getRequestURI().getPath()));
        return;
      }
      switch (x.getRequestMethod()) {
        case "POST" -> append(x, name);
        case "GET" -> page(x, name);
        case "DELETE" -> {
          collections.remove(name);
          reply(x, 200, JSON.createObjectNode());
        }
        default -> reply(x, 405, error("method " + x.getRequestMethod() + " not allowed"));
      }
    } catch (RuntimeException e) {
      reply(x, 500, error(e.toString()));
    }
  }

  private void append(HttpExchange x, String name) throws IOException {
    JsonNode item;
    try {
      item = JSON.readTree(x.getRequestBody());
    } catch (IOException e) {
      reply(x, 400, error("the body is not JSON: " + e.getMessage()));
      return;
    }
    JsonNode id = item == null ? null : item.get("id");
    if (id == null || !id.isTextual() || id.asText().isBlank()) {
      reply(x, 422, error("the item has no non-blank text at /id"));
      return;
    }
    Collection c = collections.computeIfAbsent(name, n -> new Collection());
    synchronized (c) {
      if (c.ids.add(id.asText())) {
        c.items.add(item);
      }
    }
    reply(x, 200, JSON.createObjectNode().put("id", id.asText()));
  }

  private void page(HttpExchange x, String name) throws IOException {
    Map<String, String> q = query(x.getRequestURI().getRawQuery());
    int offset;
    int limit;
    try {
      offset = Integer.parseInt(q.getOrDefault("offset", "0"));
      limit = Integer.parseInt(q.getOrDefault("limit", "100"));
    } catch (NumberFormatException e) {
      reply(x, 400, error("offset and limit must be integers: " + e.getMessage()));
      return;
    }
    if (offset < 0 || limit < 0 || limit > MAX_LIMIT) {
      reply(x, 400, error("offset must be ≥ 0 and limit 0.." + MAX_LIMIT));
      return;
    }
    ObjectNode body = JSON.createObjectNode();
    ArrayNode items = body.putArray("items");
    Collection c = collections.get(name);
    int total = 0;
    if (c != null) {
      synchronized (c) {
        total = c.items.size();
        for (int i = offset; i < Math.min(total, offset + limit); i++) {
          items.add(c.items.get(i));
        }
      }
    }
    body.put("total", total);
    reply(x, 200, body);
  }

  private static Map<String, String> query(@Nullable String raw) {
    Map<String, String> q = new HashMap<>();
    if (raw == null) {
      return q;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        q.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return q;
  }

  private static ObjectNode error(String message) {
    return JSON.createObjectNode().put("error", message);
  }

  private static void reply(HttpExchange x, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.sendResponseHeaders(status, bytes.length);
    x.getResponseBody().write(bytes);
  }
}
