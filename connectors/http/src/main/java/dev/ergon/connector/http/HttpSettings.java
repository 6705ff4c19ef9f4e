package dev.ergon.connector.http;

import dev.ergon.ConfigurationException;
import dev.ergon.connector.SettingChecks;
import dev.ergon.connector.http.internal.Checks;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Settings of an {@link HttpConnector} and an {@link HttpService}: the API's first page, how it
 * paginates, where the items and their ids are in the JSON, the checkpoint and dead-letter files,
 * timeouts, retries and throttling, credentials and dispatch.
 *
 * <pre>{@code
 * HttpSettings settings = HttpSettings.builder()
 *     .url("https://api.example.com/v1/orders?status=new")
 *     .pagination(Pagination.CURSOR).cursorPointer("/meta/next").cursorParam("after")
 *     .itemsPointer("/data").idPointer("/order_id")
 *     .checkpointFile(Path.of("/var/lib/ergon/orders.checkpoint.json"))
 *     .bearerToken(System.getenv("ORDERS_API_TOKEN"))
 *     .build();
 * }</pre>
 *
 * <p>{@link #fromMap(Map)} reads the same settings from {@code ergon.yaml}-style strings (snake
 * case keys, see {@link #KEYS}, plus {@code header.<Name>} for static headers); unknown keys are
 * refused naming them. {@link #toString()} never shows the bearer token or a header value.
 * Immutable and thread-safe.
 *
 * @param url the first page's URL ({@code http} or {@code https}); the page, offset or cursor
 *     parameter is added to it (or replaced in it)
 * @param pagination how the API pages
 * @param itemsPointer JSON pointer to the items array in a page; empty means the page is the array
 * @param idPointer JSON pointer to an item's id (a non-blank string or a number); default {@code
 *     /id}
 * @param payloadPointer JSON pointer to an item's payload; empty (default) means the whole item
 * @param metadataPointer JSON pointer to an object in the item whose fields become the metadata
 *     (values as text), or null for no metadata
 * @param totalPointer JSON pointer to the collection's total item count in a page, or null; enables
 *     {@code countTransactions}
 * @param pageParam the page number parameter ({@code page} pagination); default {@code page}
 * @param sizeParam the page size parameter ({@code page} pagination); default {@code size}
 * @param firstPage the first page's number; default 1
 * @param offsetParam the offset parameter ({@code offset} pagination); default {@code offset}
 * @param limitParam the limit parameter ({@code offset} pagination); default {@code limit}
 * @param pageSize the page size or limit sent ({@code page} and {@code offset}); default 100
 * @param cursorParam the parameter the cursor is sent back in ({@code cursor}); default {@code
 *     cursor}
 * @param cursorPointer JSON pointer to the next cursor in a page; required for {@code cursor}
 * @param itemUrl a URL template with {@code {id}} where one item is read, enabling {@code
 *     resolveTransaction}, or null
 * @param checkpointFile the file the source position is kept in (written atomically); its lock file
 *     {@code <checkpointFile>.lock} makes other connectors on the same file stand by
 * @param deadLetterFile the JSON Lines file dead letters are appended to; null means {@code
 *     <checkpointFile>.dead.jsonl}
 * @param pollInterval the least time between two requests of the last page (waiting for new items);
 *     default 1 s
 * @param requestTimeout the bound of one request, until the response headers; default 30 s
 * @param connectTimeout the bound of connecting; default 10 s
 * @param headers static request headers (never shown)
 * @param bearerToken sent as {@code Authorization: Bearer …}, or null; never shown
 * @param retryMaxAttempts attempts of a request that fails with a 5xx (other than a throttling
 *     503), 408 or an IO error (timeout included); default 3
 * @param retryBackoff the first backoff between those attempts; doubled each time; default 500 ms
 * @param retryBackoffCap the longest backoff; default 10 s
 * @param maxRetryAfter the longest one wait on a 429 or 503 {@code Retry-After}; a longer request
 *     is cut to this; default 60 s
 * @param throttleRetries how many throttled responses (429, or 503 with {@code Retry-After}) one
 *     request waits out before it fails; default 5
 * @param dispatchUrl where {@code dispatchTransactions} sends payloads; may contain {@code {id}};
 *     null means dispatch is not configured
 * @param dispatchMethod POST (default) or PUT
 * @param dispatchBody the payload (default) or an envelope with id and metadata
 * @param dispatchConcurrency the most dispatch requests in flight at once; default 4
 */
public record HttpSettings(
    String url,
    Pagination pagination,
    String itemsPointer,
    String idPointer,
    String payloadPointer,
    @Nullable String metadataPointer,
    @Nullable String totalPointer,
    String pageParam,
    String sizeParam,
    int firstPage,
    String offsetParam,
    String limitParam,
    int pageSize,
    String cursorParam,
    @Nullable String cursorPointer,
    @Nullable String itemUrl,
    Path checkpointFile,
    @Nullable Path deadLetterFile,
    Duration pollInterval,
    Duration requestTimeout,
    Duration connectTimeout,
    Map<String, String> headers,
    @Nullable String bearerToken,
    int retryMaxAttempts,
    Duration retryBackoff,
    Duration retryBackoffCap,
    Duration maxRetryAfter,
    int throttleRetries,
    @Nullable String dispatchUrl,
    DispatchMethod dispatchMethod,
    DispatchBody dispatchBody,
    int dispatchConcurrency) {

  /** The default page size or limit: 100. */
  public static final int DEFAULT_PAGE_SIZE = 100;

  /** The default poll interval of the last page: 1 s. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

  /** The default request timeout: 30 s. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** The default connect timeout: 10 s. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** The default attempts of a failing request: 3. */
  public static final int DEFAULT_RETRY_MAX_ATTEMPTS = 3;

  /** The default first retry backoff: 500 ms. */
  public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(500);

  /** The default longest retry backoff: 10 s. */
  public static final Duration DEFAULT_RETRY_BACKOFF_CAP = Duration.ofSeconds(10);

  /** The default longest wait on a {@code Retry-After}: 60 s. */
  public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(60);

  /** The default number of throttled responses waited out per request: 5. */
  public static final int DEFAULT_THROTTLE_RETRIES = 5;

  /** The default dispatch concurrency: 4. */
  public static final int DEFAULT_DISPATCH_CONCURRENCY = 4;

  /** The prefix of static header keys in {@link #fromMap(Map)}: {@code header.X-Api-Key}. */
  public static final String HEADER_PREFIX = "header.";

  /** The keys {@link #fromMap(Map)} accepts, besides {@code header.<Name>}. */
  public static final Set<String> KEYS =
      Set.of(
          "url",
          "pagination",
          "items_pointer",
          "id_pointer",
          "payload_pointer",
          "metadata_pointer",
          "total_pointer",
          "page_param",
          "size_param",
          "first_page",
          "offset_param",
          "limit_param",
          "page_size",
          "cursor_param",
          "cursor_pointer",
          "item_url",
          "checkpoint_file",
          "dead_letter_file",
          "poll_interval",
          "request_timeout",
          "connect_timeout",
          "bearer_token",
          "retry_max_attempts",
          "retry_backoff",
          "retry_backoff_cap",
          "max_retry_after",
          "throttle_retries",
          "dispatch_url",
          "dispatch_method",
          "dispatch_body",
          "dispatch_concurrency");

  /** Headers the JDK client sets itself and refuses. */
  private static final Set<String> RESTRICTED_HEADERS =
      Set.of("connection", "content-length", "expect", "host", "upgrade", "authorization");

  /** Checks every field; messages name the key and the value (never a secret). */
  public HttpSettings {
    httpUrl("url", url);
    SettingChecks.set("pagination", pagination);
    Checks.pointer("items_pointer", itemsPointer);
    Checks.pointer("id_pointer", idPointer);
    if (idPointer.isEmpty()) {
      throw new ConfigurationException("id_pointer", "''", "a pointer into the item such as /id");
    }
    Checks.pointer("payload_pointer", payloadPointer);
    if (metadataPointer != null) {
      Checks.pointer("metadata_pointer", metadataPointer);
    }
    if (totalPointer != null) {
      Checks.pointer("total_pointer", totalPointer);
    }
    param("page_param", pageParam);
    param("size_param", sizeParam);
    SettingChecks.between("first_page", firstPage, 0, Integer.MAX_VALUE);
    param("offset_param", offsetParam);
    param("limit_param", limitParam);
    SettingChecks.between("page_size", pageSize, 1, 1_000_000);
    param("cursor_param", cursorParam);
    if (pagination == Pagination.CURSOR) {
      Checks.pointer("cursor_pointer", cursorPointer);
      if (cursorPointer.isEmpty()) {
        throw new ConfigurationException("cursor_pointer", "''", "a pointer such as /next_cursor");
      }
    } else if (cursorPointer != null) {
      throw new ConfigurationException(
          "cursor_pointer", "'" + cursorPointer + "'", "unset unless pagination is cursor");
    }
    if (itemUrl != null) {
      if (!itemUrl.contains("{id}")) {
        throw new ConfigurationException("item_url", "'" + itemUrl + "'", "a URL with {id}");
      }
      httpUrl("item_url", itemUrl.replace("{id}", "id"));
    }
    SettingChecks.set("checkpoint_file", checkpointFile);
    if (deadLetterFile != null && deadLetterFile.equals(checkpointFile)) {
      throw new ConfigurationException(
          "dead_letter_file", "'" + deadLetterFile + "'", "another file than checkpoint_file");
    }
    SettingChecks.positive("poll_interval", pollInterval);
    SettingChecks.positive("request_timeout", requestTimeout);
    SettingChecks.positive("connect_timeout", connectTimeout);
    headers = headers(headers);
    if (bearerToken != null && (bearerToken.isBlank() || bearerToken.matches("(?s).*[\\r\\n].*"))) {
      throw new ConfigurationException("bearer_token", "(hidden)", "non-blank, on one line");
    }
    SettingChecks.between("retry_max_attempts", retryMaxAttempts, 1, 100);
    SettingChecks.positive("retry_backoff", retryBackoff);
    SettingChecks.positive("retry_backoff_cap", retryBackoffCap);
    if (retryBackoffCap.compareTo(retryBackoff) < 0) {
      throw new ConfigurationException(
          "retry_backoff_cap", retryBackoffCap, ">= retry_backoff (" + retryBackoff + ")");
    }
    SettingChecks.positive("max_retry_after", maxRetryAfter);
    SettingChecks.between("throttle_retries", throttleRetries, 0, 1000);
    if (dispatchUrl != null) {
      httpUrl("dispatch_url", dispatchUrl.replace("{id}", "id"));
    }
    SettingChecks.set("dispatch_method", dispatchMethod);
    SettingChecks.set("dispatch_body", dispatchBody);
    SettingChecks.between("dispatch_concurrency", dispatchConcurrency, 1, 1000);
  }

  private static void httpUrl(String key, @Nullable String value) {
    SettingChecks.nonBlank(key, value);
    try {
      URI u = new URI(value);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
        throw new URISyntaxException(value, "not an http(s) URL with a host");
      }
      if (u.getUserInfo() != null) {
        throw new ConfigurationException(
            key, "(hidden)", "a URL without user info (use header.* or bearer_token)");
      }
    } catch (URISyntaxException e) {
      throw new ConfigurationException(
          key, "'" + value + "'", "an absolute http:// or https:// URL");
    }
  }

  private static void param(String key, @Nullable String value) {
    SettingChecks.nonBlank(key, value);
    if (!value.matches("[A-Za-z0-9_.\\-\\[\\]]+")) {
      throw new ConfigurationException(
          key, "'" + value + "'", "a query parameter name (letters, digits, _ . - [ ])");
    }
  }

  private static Map<String, String> headers(@Nullable Map<String, String> headers) {
    Map<String, String> copy = SettingChecks.map("headers", headers);
    for (Map.Entry<String, String> h : copy.entrySet()) {
      String name = h.getKey();
      if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
        throw new ConfigurationException(
            HEADER_PREFIX + name, "(hidden)", "a header name made of token characters");
      }
      if (RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        throw new ConfigurationException(
            HEADER_PREFIX + name,
            "(hidden)",
            "a header the client may set (Authorization comes from bearer_token; Host, Connection,"
                + " Content-Length, Expect and Upgrade are the client's)");
      }
      if (h.getValue().matches("(?s).*[\\r\\n].*")) {
        throw new ConfigurationException(HEADER_PREFIX + name, "(hidden)", "a value on one line");
      }
    }
    return copy;
  }

  /**
   * A builder with the defaults; {@code url}, {@code pagination} and {@code checkpointFile} must be
   * set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads settings from strings, as in an {@code ergon.yaml} connector section. Durations are
   * ISO-8601 ({@code PT30S}) or a number with a unit ({@code 500ms}, {@code 30s}, {@code 2m});
   * enums are case-insensitive; {@code header.<Name>} keys add static headers.
   *
   * @param settings the keys of {@link #KEYS} (and {@code header.*}) and their values
   * @return the settings
   * @throws ConfigurationException for an unknown key (named), or a value that is wrong (the key
   *     and value are named, a secret is not)
   */
  public static HttpSettings fromMap(Map<String, String> settings) {
    Set<String> unknown = new TreeSet<>();
    for (String k : settings.keySet()) {
      if (!KEYS.contains(k) && !(k.startsWith(HEADER_PREFIX) && k.length() > 7)) {
        unknown.add(k);
      }
    }
    if (!unknown.isEmpty()) {
      throw new ConfigurationException(
          "unknown HTTP connector setting(s) "
              + unknown
              + "; known settings are "
              + new TreeSet<>(KEYS)
              + " and header.<Name>");
    }
    Builder b = builder();
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : settings.entrySet()) {
      String k = e.getKey();
      String v = e.getValue() == null ? "" : e.getValue().trim();
      if (k.startsWith(HEADER_PREFIX)) {
        headers.put(k.substring(HEADER_PREFIX.length()), v);
      } else {
        apply(b, k, v);
      }
    }
    return b.headers(headers).build();
  }

  private static void apply(Builder b, String k, String v) {
    switch (k) {
      case "url" -> b.url(v);
      case "pagination" -> b.pagination(SettingChecks.oneOf(k, Pagination.class, v));
      case "items_pointer" -> b.itemsPointer(v);
      case "id_pointer" -> b.idPointer(v);
      case "payload_pointer" -> b.payloadPointer(v);
      case "metadata_pointer" -> b.metadataPointer(v);
      case "total_pointer" -> b.totalPointer(v);
      case "page_param" -> b.pageParam(v);
      case "size_param" -> b.sizeParam(v);
      case "first_page" -> b.firstPage(SettingChecks.integer(k, v));
      case "offset_param" -> b.offsetParam(v);
      case "limit_param" -> b.limitParam(v);
      case "page_size" -> b.pageSize(SettingChecks.integer(k, v));
      case "cursor_param" -> b.cursorParam(v);
      case "cursor_pointer" -> b.cursorPointer(v);
      case "item_url" -> b.itemUrl(v);
      case "checkpoint_file" -> b.checkpointFile(Path.of(SettingChecks.nonBlank(k, v)));
      case "dead_letter_file" -> b.deadLetterFile(Path.of(SettingChecks.nonBlank(k, v)));
      case "poll_interval" -> b.pollInterval(SettingChecks.duration(k, v));
      case "request_timeout" -> b.requestTimeout(SettingChecks.duration(k, v));
      case "connect_timeout" -> b.connectTimeout(SettingChecks.duration(k, v));
      case "bearer_token" -> b.bearerToken(v);
      case "retry_max_attempts" -> b.retryMaxAttempts(SettingChecks.integer(k, v));
      case "retry_backoff" -> b.retryBackoff(SettingChecks.duration(k, v));
      case "retry_backoff_cap" -> b.retryBackoffCap(SettingChecks.duration(k, v));
      case "max_retry_after" -> b.maxRetryAfter(SettingChecks.duration(k, v));
      case "throttle_retries" -> b.throttleRetries(SettingChecks.integer(k, v));
      case "dispatch_url" -> b.dispatchUrl(v);
      case "dispatch_method" -> b.dispatchMethod(SettingChecks.oneOf(k, DispatchMethod.class, v));
      case "dispatch_body" -> b.dispatchBody(SettingChecks.oneOf(k, DispatchBody.class, v));
      case "dispatch_concurrency" -> b.dispatchConcurrency(SettingChecks.integer(k, v));
      default -> throw new IllegalStateException("unreachable: " + k);
    }
  }

  /**
   * The dead-letter file.
   *
   * @return {@code deadLetterFile}, or {@code <checkpointFile>.dead.jsonl}
   */
  public Path effectiveDeadLetterFile() {
    return deadLetterFile != null
        ? deadLetterFile
        : checkpointFile.resolveSibling(checkpointFile.getFileName() + ".dead.jsonl");
  }

  /** The settings with the bearer token and every header value replaced by {@code ***}. */
  @Override
  public String toString() {
    return "HttpSettings[url="
        + url
        + ", pagination="
        + pagination
        + ", itemsPointer="
        + itemsPointer
        + ", idPointer="
        + idPointer
        + ", payloadPointer="
        + payloadPointer
        + ", metadataPointer="
        + metadataPointer
        + ", totalPointer="
        + totalPointer
        + ", pageParam="
        + pageParam
        + ", sizeParam="
        + sizeParam
        + ", firstPage="
        + firstPage
        + ", offsetParam="
        + offsetParam
        + ", limitParam="
        + limitParam
        + ", pageSize="
        + pageSize
        + ", cursorParam="
        + cursorParam
        + ", cursorPointer="
        + cursorPointer
        + ", itemUrl="
        + itemUrl
        + ", checkpointFile="
        + checkpointFile
        + ", deadLetterFile="
        + effectiveDeadLetterFile()
        + ", pollInterval="
        + pollInterval
        + ", requestTimeout="
        + requestTimeout
        + ", connectTimeout="
        + connectTimeout
        + ", headers="
        + new TreeSet<>(headers.keySet()).stream().map(h -> h + "=***").toList()
        + ", bearerToken="
        + (bearerToken == null ? null : "***")
        + ", retryMaxAttempts="
        + retryMaxAttempts
        + ", retryBackoff="
        + retryBackoff
        + ", retryBackoffCap="
        + retryBackoffCap
        + ", maxRetryAfter="
        + maxRetryAfter
        + ", throttleRetries="
        + throttleRetries
        + ", dispatchUrl="
        + dispatchUrl
        + ", dispatchMethod="
        + dispatchMethod
        + ", dispatchBody="
        + dispatchBody
        + ", dispatchConcurrency="
        + dispatchConcurrency
        + "]";
  }

  /** Builds {@link HttpSettings}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String url;
    private @Nullable Pagination pagination;
    private String itemsPointer = "";
    private String idPointer = "/id";
    private String payloadPointer = "";
    private @Nullable String metadataPointer;
    private @Nullable String totalPointer;
    private String pageParam = "page";
    private String sizeParam = "size";
    private int firstPage = 1;
    private String offsetParam = "offset";
    private String limitParam = "limit";
    private int pageSize = DEFAULT_PAGE_SIZE;
    private String cursorParam = "cursor";
    private @Nullable String cursorPointer;
    private @Nullable String itemUrl;
    private @Nullable Path checkpointFile;
    private @Nullable Path deadLetterFile;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Map<String, String> headers = Map.of();
    private @Nullable String bearerToken;
    private int retryMaxAttempts = DEFAULT_RETRY_MAX_ATTEMPTS;
    private Duration retryBackoff = DEFAULT_RETRY_BACKOFF;
    private Duration retryBackoffCap = DEFAULT_RETRY_BACKOFF_CAP;
    private Duration maxRetryAfter = DEFAULT_MAX_RETRY_AFTER;
    private int throttleRetries = DEFAULT_THROTTLE_RETRIES;
    private @Nullable String dispatchUrl;
    private DispatchMethod dispatchMethod = DispatchMethod.POST;
    private DispatchBody dispatchBody = DispatchBody.PAYLOAD;
    private int dispatchConcurrency = DEFAULT_DISPATCH_CONCURRENCY;

    private Builder() {}

    /**
     * Sets the first page's URL.
     *
     * @param url the value
     * @return this builder
     */
    public Builder url(String url) {
      this.url = url;
      return this;
    }

    /**
     * Sets how the API pages.
     *
     * @param pagination the value
     * @return this builder
     */
    public Builder pagination(Pagination pagination) {
      this.pagination = pagination;
      return this;
    }

    /**
     * Sets JSON pointer to the items array; empty for the whole page.
     *
     * @param itemsPointer the value
     * @return this builder
     */
    public Builder itemsPointer(String itemsPointer) {
      this.itemsPointer = itemsPointer;
      return this;
    }

    /**
     * Sets JSON pointer to an item's id.
     *
     * @param idPointer the value
     * @return this builder
     */
    public Builder idPointer(String idPointer) {
      this.idPointer = idPointer;
      return this;
    }

    /**
     * Sets JSON pointer to an item's payload; empty for the whole item.
     *
     * @param payloadPointer the value
     * @return this builder
     */
    public Builder payloadPointer(String payloadPointer) {
      this.payloadPointer = payloadPointer;
      return this;
    }

    /**
     * Sets JSON pointer to an item's metadata object, or null.
     *
     * @param metadataPointer the value
     * @return this builder
     */
    public Builder metadataPointer(@Nullable String metadataPointer) {
      this.metadataPointer = metadataPointer;
      return this;
    }

    /**
     * Sets JSON pointer to the total count in a page, or null.
     *
     * @param totalPointer the value
     * @return this builder
     */
    public Builder totalPointer(@Nullable String totalPointer) {
      this.totalPointer = totalPointer;
      return this;
    }

    /**
     * Sets the page number parameter.
     *
     * @param pageParam the value
     * @return this builder
     */
    public Builder pageParam(String pageParam) {
      this.pageParam = pageParam;
      return this;
    }

    /**
     * Sets the page size parameter.
     *
     * @param sizeParam the value
     * @return this builder
     */
    public Builder sizeParam(String sizeParam) {
      this.sizeParam = sizeParam;
      return this;
    }

    /**
     * Sets the first page's number.
     *
     * @param firstPage the value
     * @return this builder
     */
    public Builder firstPage(int firstPage) {
      this.firstPage = firstPage;
      return this;
    }

    /**
     * Sets the offset parameter.
     *
     * @param offsetParam the value
     * @return this builder
     */
    public Builder offsetParam(String offsetParam) {
      this.offsetParam = offsetParam;
      return this;
    }

    /**
     * Sets the limit parameter.
     *
     * @param limitParam the value
     * @return this builder
     */
    public Builder limitParam(String limitParam) {
      this.limitParam = limitParam;
      return this;
    }

    /**
     * Sets the page size or limit.
     *
     * @param pageSize the value
     * @return this builder
     */
    public Builder pageSize(int pageSize) {
      this.pageSize = pageSize;
      return this;
    }

    /**
     * Sets the cursor parameter.
     *
     * @param cursorParam the value
     * @return this builder
     */
    public Builder cursorParam(String cursorParam) {
      this.cursorParam = cursorParam;
      return this;
    }

    /**
     * Sets JSON pointer to the next cursor.
     *
     * @param cursorPointer the value
     * @return this builder
     */
    public Builder cursorPointer(@Nullable String cursorPointer) {
      this.cursorPointer = cursorPointer;
      return this;
    }

    /**
     * Sets a URL template with {id} for one item, or null.
     *
     * @param itemUrl the value
     * @return this builder
     */
    public Builder itemUrl(@Nullable String itemUrl) {
      this.itemUrl = itemUrl;
      return this;
    }

    /**
     * Sets the checkpoint file.
     *
     * @param checkpointFile the value
     * @return this builder
     */
    public Builder checkpointFile(Path checkpointFile) {
      this.checkpointFile = checkpointFile;
      return this;
    }

    /**
     * Sets the dead-letter JSON Lines file, or null for the default.
     *
     * @param deadLetterFile the value
     * @return this builder
     */
    public Builder deadLetterFile(@Nullable Path deadLetterFile) {
      this.deadLetterFile = deadLetterFile;
      return this;
    }

    /**
     * Sets the least time between two requests of the last page.
     *
     * @param pollInterval the value
     * @return this builder
     */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
      return this;
    }

    /**
     * Sets the bound of one request.
     *
     * @param requestTimeout the value
     * @return this builder
     */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
      return this;
    }

    /**
     * Sets the bound of connecting.
     *
     * @param connectTimeout the value
     * @return this builder
     */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    /**
     * Sets static headers (values never shown).
     *
     * @param headers the value
     * @return this builder
     */
    public Builder headers(Map<String, String> headers) {
      this.headers = new java.util.LinkedHashMap<>(headers);
      return this;
    }

    /**
     * Sets the bearer token, or null (never shown).
     *
     * @param bearerToken the value
     * @return this builder
     */
    public Builder bearerToken(@Nullable String bearerToken) {
      this.bearerToken = bearerToken;
      return this;
    }

    /**
     * Sets attempts of a failing request.
     *
     * @param retryMaxAttempts the value
     * @return this builder
     */
    public Builder retryMaxAttempts(int retryMaxAttempts) {
      this.retryMaxAttempts = retryMaxAttempts;
      return this;
    }

    /**
     * Sets the first backoff.
     *
     * @param retryBackoff the value
     * @return this builder
     */
    public Builder retryBackoff(Duration retryBackoff) {
      this.retryBackoff = retryBackoff;
      return this;
    }

    /**
     * Sets the longest backoff.
     *
     * @param retryBackoffCap the value
     * @return this builder
     */
    public Builder retryBackoffCap(Duration retryBackoffCap) {
      this.retryBackoffCap = retryBackoffCap;
      return this;
    }

    /**
     * Sets the longest wait on a Retry-After.
     *
     * @param maxRetryAfter the value
     * @return this builder
     */
    public Builder maxRetryAfter(Duration maxRetryAfter) {
      this.maxRetryAfter = maxRetryAfter;
      return this;
    }

    /**
     * Sets throttled responses waited out per request.
     *
     * @param throttleRetries the value
     * @return this builder
     */
    public Builder throttleRetries(int throttleRetries) {
      this.throttleRetries = throttleRetries;
      return this;
    }

    /**
     * Sets the dispatch URL (may contain {id}), or null.
     *
     * @param dispatchUrl the value
     * @return this builder
     */
    public Builder dispatchUrl(@Nullable String dispatchUrl) {
      this.dispatchUrl = dispatchUrl;
      return this;
    }

    /**
     * Sets POST or PUT.
     *
     * @param dispatchMethod the value
     * @return this builder
     */
    public Builder dispatchMethod(DispatchMethod dispatchMethod) {
      this.dispatchMethod = dispatchMethod;
      return this;
    }

    /**
     * Sets the payload or an envelope.
     *
     * @param dispatchBody the value
     * @return this builder
     */
    public Builder dispatchBody(DispatchBody dispatchBody) {
      this.dispatchBody = dispatchBody;
      return this;
    }

    /**
     * Sets the most dispatch requests in flight.
     *
     * @param dispatchConcurrency the value
     * @return this builder
     */
    public Builder dispatchConcurrency(int dispatchConcurrency) {
      this.dispatchConcurrency = dispatchConcurrency;
      return this;
    }

    /**
     * Builds and checks the settings.
     *
     * @return the settings
     * @throws ConfigurationException naming the first wrong key
     */
    public HttpSettings build() {
      return new HttpSettings(
          SettingChecks.set("url", url),
          SettingChecks.set("pagination", pagination),
          SettingChecks.set("items_pointer", itemsPointer),
          SettingChecks.set("id_pointer", idPointer),
          SettingChecks.set("payload_pointer", payloadPointer),
          metadataPointer,
          totalPointer,
          SettingChecks.set("page_param", pageParam),
          SettingChecks.set("size_param", sizeParam),
          firstPage,
          SettingChecks.set("offset_param", offsetParam),
          SettingChecks.set("limit_param", limitParam),
          pageSize,
          SettingChecks.set("cursor_param", cursorParam),
          cursorPointer,
          itemUrl,
          SettingChecks.set("checkpoint_file", checkpointFile),
          deadLetterFile,
          SettingChecks.set("poll_interval", pollInterval),
          SettingChecks.set("request_timeout", requestTimeout),
          SettingChecks.set("connect_timeout", connectTimeout),
          SettingChecks.set("headers", headers),
          bearerToken,
          retryMaxAttempts,
          SettingChecks.set("retry_backoff", retryBackoff),
          SettingChecks.set("retry_backoff_cap", retryBackoffCap),
          SettingChecks.set("max_retry_after", maxRetryAfter),
          throttleRetries,
          dispatchUrl,
          SettingChecks.set("dispatch_method", dispatchMethod),
          SettingChecks.set("dispatch_body", dispatchBody),
          dispatchConcurrency);
    }
  }
}
