package dev.ergon.connector.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real HTTP API for the tests, on the JDK's {@code HttpServer} at a free port: collections of
 * JSON items under {@code /c/<name>/items}. {@code POST} appends an item (its {@code id} field, or
 * the {@code Idempotency-Key} header, names it), {@code PUT /c/<name>/items/<id>} stores one,
 * {@code GET /c/<name>/items/<id>} reads one. {@code GET /c/<name>/items} serves pages in every
 * style at once, chosen by the parameters: {@code page}+{@code size}, {@code offset}+{@code limit},
 * {@code cursor} (opaque, from the body's {@code next}) or none/{@code after} (with a {@code Link}
 * header and the body's {@code next}); the body is {@code {"data": [...], "total": n, "next":
 * cursor}}. Scripted faults answer the next matching requests; every request is logged.
 */
final class ApiServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  /** A logged request. */
  record Request(String method, String uri, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  /** A scripted answer to a matching request; {@code hang} waits for the gate first. */
  record Fault(
      Predicate<Request> when,
      int status,
      Map<String, String> headers,
      String body,
      boolean hang) {}

  private final HttpServer server;
  private final Map<String, List<JsonNode>> collections = new ConcurrentHashMap<>();
  private final Map<String, Integer> statusFor = new ConcurrentHashMap<>();
  private final ConcurrentLinkedDeque<Fault> faults = new ConcurrentLinkedDeque<>();
  final List<Request> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch gate = new CountDownLatch(1);
  private final java.util.concurrent.atomic.AtomicInteger writing =
      new java.util.concurrent.atomic.AtomicInteger();
  final java.util.concurrent.atomic.AtomicInteger mostWritesAtOnce =
      new java.util.concurrent.atomic.AtomicInteger();
  private volatile CountDownLatch writeBarrier = new CountDownLatch(0);

  ApiServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  String items(String collection) {
    return base() + "/c/" + collection + "/items";
  }

  /** Appends items to a collection. */
  void add(String collection, JsonNode... items) {
    List<JsonNode> c = collection(collection);
    synchronized (c) {
      c.addAll(List.of(items));
    }
  }

  /** Appends {@code n} items {@code {"id": "<prefix><i>", "n": i}} starting at {@code from}. */
  void addNumbered(String collection, String prefix, int from, int n) {
    for (int i = from; i < from + n; i++) {
      ObjectNode o = JSON.createObjectNode().put("id", prefix + i).put("n", i);
      add(collection, o);
    }
  }

  List<JsonNode> stored(String collection) {
    List<JsonNode> c = collection(collection);
    synchronized (c) {
      return List.copyOf(c);
    }
  }

  private List<JsonNode> collection(String name) {
    return collections.computeIfAbsent(name, k -> new ArrayList<>());
  }

  /** The next request matching {@code when} gets this answer (once). */
  void fault(Predicate<Request> when, int status, Map<String, String> headers, String body) {
    faults.addLast(new Fault(when, status, headers, body, false));
  }

  /** The next request matching {@code when} hangs until the server closes. */
  void hang(Predicate<Request> when) {
    faults.addLast(new Fault(when, 200, Map.of(), "{}", true));
  }

  /**
   * The next {@code n} writes wait (up to 10 s) until {@code n} are in progress at once, so that
   * {@link #mostWritesAtOnce} shows the client's concurrency.
   */
  void holdWritesUntil(int n) {
    writeBarrier = new CountDownLatch(n);
  }

  /** Writes for this id are always answered with {@code status}. */
  void rejectWrites(String id, int status) {
    statusFor.put(id, status);
  }

  List<Request> gets(String collection) {
    String p = "/c/" + collection + "/items";
    return requests.stream()
        .filter(r -> r.method().equals("GET") && URI.create(r.uri()).getPath().equals(p))
        .toList();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      Map<String, String> headers = new HashMap<>();
      ex.getRequestHeaders()
          .forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Request req =
          new Request(ex.getRequestMethod(), ex.getRequestURI().toString(), headers, body);
      requests.add(req);
      for (Fault f : faults) {
        if (f.when().test(req) && faults.removeFirstOccurrence(f)) {
          if (f.hang()) {
            gate.await(60, TimeUnit.SECONDS);
          }
          f.headers().forEach(ex.getResponseHeaders()::add);
          reply(ex, f.status(), f.body());
          return;
        }
      }
      route(ex, req);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void route(HttpExchange ex, Request req) throws IOException {
    String[] path = ex.getRequestURI().getPath().split("/");
    // ["", "c", name, "items", id?]
    if (path.length < 4 || !path[1].equals("c") || !path[3].equals("items")) {
      reply(ex, 404, "{\"error\":\"no such resource\"}");
      return;
    }
    String name = path[2];
    String id = path.length > 4 ? URLDecoder.decode(path[4], StandardCharsets.UTF_8) : null;
    switch (req.method()) {
      case "GET" -> {
        if (id == null) {
          page(ex, name);
        } else {
          JsonNode item =
              stored(name).stream()
                  .filter(i -> id.equals(i.path("id").asText()))
                  .findFirst()
                  .orElse(null);
          reply(
              ex,
              item == null ? 404 : 200,
              item == null ? "{\"error\":\"not found\"}" : item.toString());
        }
      }
      case "POST", "PUT" -> {
        int now = writing.incrementAndGet();
        mostWritesAtOnce.accumulateAndGet(now, Math::max);
        try {
          CountDownLatch barrier = writeBarrier;
          barrier.countDown();
          barrier.await(10, TimeUnit.SECONDS);
          store(ex, req, name, id);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          writing.decrementAndGet();
        }
      }
      default -> reply(ex, 405, "{}");
    }
  }

  private void store(HttpExchange ex, Request req, String name, String id) throws IOException {
    JsonNode item = JSON.readTree(req.body());
    String key = id != null ? id : item.path("id").asText(req.header("Idempotency-Key"));
    Integer status = key == null ? null : statusFor.get(key);
    if (status != null) {
      reply(ex, status, "{\"error\":\"refused " + key + "\"}");
      return;
    }
    if (!item.has("id") && key != null && item.isObject()) {
      ((ObjectNode) item).put("id", key);
    }
    add(name, item);
    reply(ex, 201, "{\"stored\":true}");
  }

  private void page(HttpExchange ex, String name) throws IOException {
    Map<String, String> q = query(ex.getRequestURI().getRawQuery());
    List<JsonNode> all = stored(name);
    int from;
    int size;
    if (q.containsKey("page")) {
      size = Integer.parseInt(q.getOrDefault("size", "10"));
      from = (Integer.parseInt(q.get("page")) - 1) * size;
    } else if (q.containsKey("offset")) {
      size = Integer.parseInt(q.getOrDefault("limit", "10"));
      from = Integer.parseInt(q.get("offset"));
    } else {
      size = Integer.parseInt(q.getOrDefault("limit", "10"));
      String c = q.get("cursor");
      from = c != null ? decodeCursor(c) : Integer.parseInt(q.getOrDefault("after", "0"));
    }
    int to = Math.min(all.size(), Math.max(from, 0) + size);
    ObjectNode body = JSON.createObjectNode();
    ArrayNode data = body.putArray("data");
    for (int i = Math.max(from, 0); i < to; i++) {
      data.add(all.get(i));
    }
    body.put("total", all.size());
    if (to < all.size() && !q.containsKey("page") && !q.containsKey("offset")) {
      body.put(
          "next",
          Base64.getUrlEncoder().encodeToString(("pos:" + to).getBytes(StandardCharsets.UTF_8)));
      ex.getResponseHeaders()
          .add(
              "Link",
              "</c/"
                  + name
                  + "/items?limit="
                  + size
                  + ">; rel=\"first\", </c/"
                  + name
                  + "/items?after="
                  + to
                  + "&limit="
                  + size
                  + ">; rel=\"next\"");
    } else {
      body.putNull("next");
    }
    reply(ex, 200, body.toString());
  }

  private static int decodeCursor(String c) {
    String s = new String(Base64.getUrlDecoder().decode(c), StandardCharsets.UTF_8);
    return Integer.parseInt(s.substring("pos:".length()));
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new LinkedHashMap<>();
    if (raw != null) {
      for (String p : raw.split("&")) {
        String[] kv = p.split("=", 2);
        q.put(
            URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
            kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
      }
    }
    return q;
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      ex.getResponseBody().write(bytes);
    }
  }

  @Override
  public void close() {
    gate.countDown();
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
