package dev.ergon.connector.http.internal;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ergon.connector.http.HttpSettings;
import java.net.URI;
import java.net.http.HttpHeaders;
import org.jspecify.annotations.Nullable;

/** The URLs of pages: the first one, and the next one after a page was read. Thread-safe. */
public final class Pager {
  private final HttpSettings s;
  private final @Nullable JsonPointer cursor;

  /**
   * A pager for the settings' pagination.
   *
   * @param settings the settings
   */
  public Pager(HttpSettings settings) {
    this.s = settings;
    this.cursor =
        settings.cursorPointer() == null ? null : JsonPointer.compile(settings.cursorPointer());
  }

  /**
   * The first page's URL: {@code url} with the first page number and size, or offset 0 and the
   * limit; {@code url} as is for cursor and link pagination.
   *
   * @return the URL
   */
  public String first() {
    return switch (s.pagination()) {
      case PAGE ->
          Urls.withParam(
              Urls.withParam(s.url(), s.pageParam(), String.valueOf(s.firstPage())),
              s.sizeParam(),
              String.valueOf(s.pageSize()));
      case OFFSET ->
          Urls.withParam(
              Urls.withParam(s.url(), s.offsetParam(), "0"),
              s.limitParam(),
              String.valueOf(s.pageSize()));
      case CURSOR, LINK -> s.url();
    };
  }

  /**
   * The page after the one read from {@code url}.
   *
   * @param url the page read
   * @param body its JSON
   * @param items how many items it had
   * @param headers its response headers
   * @return the next page's URL, or null when this was the last page
   */
  public @Nullable String next(String url, JsonNode body, int items, HttpHeaders headers) {
    String next =
        switch (s.pagination()) {
          case PAGE -> {
            if (items < s.pageSize()) {
              yield null;
            }
            long page = Long.parseLong(Urls.param(url, s.pageParam()).orElse("" + s.firstPage()));
            yield Urls.withParam(url, s.pageParam(), String.valueOf(page + 1));
          }
          case OFFSET -> {
            if (items < s.pageSize()) {
              yield null;
            }
            long offset = Long.parseLong(Urls.param(url, s.offsetParam()).orElse("0"));
            yield Urls.withParam(url, s.offsetParam(), String.valueOf(offset + items));
          }
          case CURSOR -> {
            JsonNode c = body.at(cursor);
            if (c.isMissingNode() || c.isNull() || c.asText().isBlank()) {
              yield null;
            }
            yield Urls.withParam(url, s.cursorParam(), c.asText());
          }
          case LINK ->
              LinkHeader.next(headers.allValues("Link"))
                  .map(target -> URI.create(url).resolve(target).toString())
                  .orElse(null);
        };
    return url.equals(next) ? null : next;
  }
}
