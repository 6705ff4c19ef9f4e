package dev.ergon.connector.http;

/**
 * How the source API splits its items into pages (setting {@code pagination}).
 *
 * <ul>
 *   <li>{@link #PAGE}: a page number and a page size as query parameters; a page with fewer items
 *       than the size is the last one.
 *   <li>{@link #OFFSET}: an offset and a limit as query parameters; a page with fewer items than
 *       the limit is the last one.
 *   <li>{@link #CURSOR}: the response holds the next cursor (at {@code cursor_pointer}), sent back
 *       as a query parameter; no cursor (missing, null or blank) means the last page.
 *   <li>{@link #LINK}: the RFC 8288 {@code Link} response header with {@code rel="next"}; no such
 *       link means the last page.
 * </ul>
 */
public enum Pagination {
  /** Page number and page size parameters. */
  PAGE,
  /** Offset and limit parameters. */
  OFFSET,
  /** A cursor from the response body, sent back as a parameter. */
  CURSOR,
  /** The {@code Link: <…>; rel="next"} header. */
  LINK
}
