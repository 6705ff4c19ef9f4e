package dev.ergon.connector.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Link headers, Retry-After values and query parameters. */
class HeadersAndUrlsTest {

  @Test
  void theNextLinkIsFoundAmongSeveralLinksAndRelationTypes() {
    assertThat(
            LinkHeader.next(
                List.of(
                    "<https://api.example.com/items?page=1>; rel=\"first\", "
                        + "<https://api.example.com/items?page=3>; rel=\"last\"",
                    "<https://api.example.com/items?page=2&a=b,c>; title=\"x; y\"; rel=\"prefetch next\"")))
        .contains("https://api.example.com/items?page=2&a=b,c");
    assertThat(LinkHeader.next(List.of("</items?after=9>; REL=next"))).contains("/items?after=9");
    assertThat(LinkHeader.next(List.of("<https://x/items?page=1>; rel=prev"))).isEmpty();
    assertThat(LinkHeader.next(List.of())).isEmpty();
  }

  @Test
  void retryAfterIsReadAsSecondsOrAnHttpDate() {
    Instant now = Instant.parse("2026-12-06T10:00:00Z");
    assertThat(RetryAfter.parse(Optional.of("120"), now)).contains(Duration.ofSeconds(120));
    assertThat(RetryAfter.parse(Optional.of("Sun, 06 Dec 2026 10:00:30 GMT"), now))
        .contains(Duration.ofSeconds(30));
    assertThat(RetryAfter.parse(Optional.of("Sun, 06 Dec 2026 09:00:00 GMT"), now))
        .contains(Duration.ZERO);
    assertThat(RetryAfter.parse(Optional.of("soon"), now)).isEmpty();
    assertThat(RetryAfter.parse(Optional.empty(), now)).isEmpty();
  }

  @Test
  void aQueryParameterIsReplacedOrAppendedAndTheRestIsKept() {
    assertThat(Urls.withParam("https://x/items", "page", "2")).isEqualTo("https://x/items?page=2");
    assertThat(Urls.withParam("https://x/items?status=new&page=1&size=5#top", "page", "2"))
        .isEqualTo("https://x/items?status=new&page=2&size=5#top");
    assertThat(Urls.withParam("https://x/items?cursor=a&cursor=b", "cursor", "c d/e"))
        .isEqualTo("https://x/items?cursor=c%20d%2Fe");
    assertThat(Urls.param("https://x/items?cursor=c%20d%2Fe", "cursor")).contains("c d/e");
    assertThat(Urls.param("https://x/items", "cursor")).isEmpty();
    assertThat(Urls.fill("https://x/items/{id}", "a/b")).isEqualTo("https://x/items/a%2Fb");
  }
}
