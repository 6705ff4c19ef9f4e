package dev.ergon.connector.http.internal;

import java.util.List;
import java.util.Objects;

/**
 * A source position: the URL of the first page that still has unsettled items (or the next page to
 * read), the items settled before it, and the keys already settled from that page on (skipped when
 * those pages are read again).
 *
 * @param source the configured first URL the checkpoint belongs to
 * @param url the page to read from on resume
 * @param passed how many items lie in pages before {@code url} (all settled)
 * @param done keys settled in {@code url}'s page and later ones
 */
public record Checkpoint(String source, String url, long passed, List<String> done) {

  /**
   * Copies the list.
   *
   * @param source the configured first URL
   * @param url the page to resume at
   * @param passed items before it
   * @param done keys settled from it on
   */
  public Checkpoint {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(url, "url");
    done = List.copyOf(done);
  }

  /**
   * A checkpoint at the start.
   *
   * @param source the configured first URL
   * @param firstPage the first page's URL
   * @return the checkpoint
   */
  public static Checkpoint start(String source, String firstPage) {
    return new Checkpoint(source, firstPage, 0, List.of());
  }
}
