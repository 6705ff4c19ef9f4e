package dev.ergon.connector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergon.ConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings from code and from strings: defaults, parsing, and errors that name the key. */
class HttpSettingsTest {

  private static Map<String, String> minimal() {
    Map<String, String> m = new HashMap<>();
    m.put("url", "https://api.example.com/v1/orders");
    m.put("pagination", "page");
    m.put("checkpoint_file", "/tmp/orders.json");
    return m;
  }

  private static void refused(Map<String, String> m, String... parts) {
    var t =
        assertThatThrownBy(() -> HttpSettings.fromMap(m))
            .isInstanceOf(ConfigurationException.class);
    for (String p : parts) {
      t.hasMessageContaining(p);
    }
  }

  @Test
  void fromMapReadsEveryKeyAndAppliesTheDefaults() {
    HttpSettings d = HttpSettings.fromMap(minimal());
    assertThat(d.pagination()).isEqualTo(Pagination.PAGE);
    assertThat(d.pageSize()).isEqualTo(HttpSettings.DEFAULT_PAGE_SIZE);
    assertThat(d.idPointer()).isEqualTo("/id");
    assertThat(d.requestTimeout()).isEqualTo(HttpSettings.DEFAULT_REQUEST_TIMEOUT);
    assertThat(d.effectiveDeadLetterFile()).isEqualTo(Path.of("/tmp/orders.json.dead.jsonl"));

    Map<String, String> m = minimal();
    m.put("pagination", "CURSOR");
    m.put("cursor_pointer", "/meta/next");
    m.put("cursor_param", "after");
    m.put("items_pointer", "/data");
    m.put("id_pointer", "/order_id");
    m.put("payload_pointer", "/attributes");
    m.put("metadata_pointer", "/meta");
    m.put("total_pointer", "/meta/total");
    m.put("item_url", "https://api.example.com/v1/orders/{id}");
    m.put("dead_letter_file", "/tmp/dead.jsonl");
    m.put("poll_interval", "5s");
    m.put("request_timeout", "PT2S");
    m.put("connect_timeout", "500ms");
    m.put("bearer_token", "t0ken");
    m.put("header.X-Api-Key", "k3y");
    m.put("header.Accept-Language", "en");
    m.put("retry_max_attempts", "5");
    m.put("retry_backoff", "1s");
    m.put("retry_backoff_cap", "1m");
    m.put("max_retry_after", "2m");
    m.put("throttle_retries", "7");
    m.put("dispatch_url", "https://api.example.com/v1/sink/{id}");
    m.put("dispatch_method", "put");
    m.put("dispatch_body", "envelope");
    m.put("dispatch_concurrency", "8");
    HttpSettings s = HttpSettings.fromMap(m);
    assertThat(s.cursorPointer()).isEqualTo("/meta/next");
    assertThat(s.cursorParam()).isEqualTo("after");
    assertThat(s.headers()).isEqualTo(Map.of("X-Api-Key", "k3y", "Accept-Language", "en"));
    assertThat(s.connectTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(s.maxRetryAfter()).isEqualTo(Duration.ofMinutes(2));
    assertThat(s.dispatchMethod()).isEqualTo(DispatchMethod.PUT);
    assertThat(s.dispatchBody()).isEqualTo(DispatchBody.ENVELOPE);
    assertThat(s.dispatchConcurrency()).isEqualTo(8);
    assertThat(s.effectiveDeadLetterFile()).isEqualTo(Path.of("/tmp/dead.jsonl"));
    assertThat(s.toString())
        .doesNotContain("t0ken")
        .doesNotContain("k3y")
        .contains("X-Api-Key=***");
  }

  @Test
  void unknownKeysAreRefusedNamingThem() {
    Map<String, String> m = minimal();
    m.put("page_sise", "10");
    m.put("token", "x");
    refused(m, "unknown HTTP connector setting(s) [page_sise, token]", "page_size");
  }

  @Test
  void wrongValuesAreRefusedNamingTheKeyAndTheValue() {
    Map<String, String> m = minimal();
    m.put("url", "ftp://example.com/x");
    refused(m, "url", "ftp://example.com/x", "http");

    m = minimal();
    m.put("pagination", "pages");
    refused(m, "pagination", "'pages'", "[page, offset, cursor, link]");

    m = minimal();
    m.put("page_size", "0");
    refused(m, "page_size", "0");

    m = minimal();
    m.put("items_pointer", "data");
    refused(m, "items_pointer", "'data'", "JSON pointer");

    m = minimal();
    m.put("request_timeout", "soon");
    refused(m, "request_timeout", "'soon'");

    m = minimal();
    m.put("item_url", "https://api.example.com/orders");
    refused(m, "item_url", "{id}");

    m = minimal();
    m.put("dispatch_method", "PATCH");
    refused(m, "dispatch_method", "'PATCH'", "[post, put]");

    m = minimal();
    m.put("retry_backoff", "5s");
    m.put("retry_backoff_cap", "1s");
    refused(m, "retry_backoff_cap");
  }

  @Test
  void cursorPaginationNeedsACursorPointerAndOnlyIt() {
    Map<String, String> m = minimal();
    m.put("pagination", "cursor");
    refused(m, "cursor_pointer");
    m = minimal();
    m.put("cursor_pointer", "/next");
    refused(m, "cursor_pointer", "unless pagination is cursor");
  }

  @Test
  void requiredSettingsAreNamedByTheBuilder() {
    assertThatThrownBy(() -> HttpSettings.builder().pagination(Pagination.LINK).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("url");
    assertThatThrownBy(
            () -> HttpSettings.builder().url("http://x/items").pagination(Pagination.LINK).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("checkpoint_file");
  }

  @Test
  void headersAndSecretsAreCheckedWithoutShowingTheirValues() {
    Map<String, String> m = minimal();
    m.put("header.Authorization", "Basic c2VjcmV0");
    refused(m, "header.Authorization", "bearer_token");
    assertThatThrownBy(() -> HttpSettings.fromMap(m)).message().doesNotContain("c2VjcmV0");

    Map<String, String> bad = minimal();
    bad.put("header.Bad Name", "v");
    refused(bad, "header.Bad Name", "token characters");

    Map<String, String> userInfo = minimal();
    userInfo.put("url", "https://user:s3cret@api.example.com/x");
    refused(userInfo, "url", "user info");
    assertThatThrownBy(() -> HttpSettings.fromMap(userInfo)).message().doesNotContain("s3cret");

    Map<String, String> blank = minimal();
    blank.put("bearer_token", " ");
    refused(blank, "bearer_token");
  }
}
