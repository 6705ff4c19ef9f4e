package dev.ergon.telemetry;

import dev.ergon.ConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An OTLP exporter, for spans, metrics or log records.
 *
 * <p>{@code endpoint} is the collector's base URL, as {@code OTEL_EXPORTER_OTLP_ENDPOINT}: gRPC
 * uses it as is; HTTP appends the signal's path ({@code /v1/traces}, {@code /v1/metrics}, {@code
 * /v1/logs}). Header values are never printed ({@link #toString()} redacts them: they usually carry
 * credentials).
 *
 * <pre>{@code
 * OtlpExporter.grpc("http://collector:4317");
 * OtlpExporter.builder(Protocol.HTTP)
 *     .endpoint("https://otlp.example.com")
 *     .header("Authorization", "Bearer " + token)
 *     .timeout(Duration.ofSeconds(5))
 *     .compression(Compression.GZIP)
 *     .build();
 * }</pre>
 *
 * @param protocol gRPC or HTTP (protobuf)
 * @param endpoint the collector's base URL, {@code http} or {@code https}
 * @param headers headers sent with every export
 * @param timeout how long one export may take
 * @param compression the request compression
 */
public record OtlpExporter(
    Protocol protocol,
    URI endpoint,
    Map<String, String> headers,
    Duration timeout,
    Compression compression)
    implements Exporter {

  /** The OTLP default gRPC endpoint. */
  public static final URI DEFAULT_GRPC_ENDPOINT = URI.create("http://localhost:4317");

  /** The OTLP default HTTP endpoint. */
  public static final URI DEFAULT_HTTP_ENDPOINT = URI.create("http://localhost:4318");

  /** The default export timeout: 10 seconds, as the SDK. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** The OTLP transport. */
  public enum Protocol {
    /** OTLP over gRPC (port 4317 by convention). */
    GRPC,
    /** OTLP over HTTP with protobuf bodies (port 4318 by convention). */
    HTTP
  }

  /** Request compression. */
  public enum Compression {
    /** None. */
    NONE,
    /** gzip. */
    GZIP
  }

  /** Checks the fields and copies the headers. */
  public OtlpExporter {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(compression, "compression");
    headers = Map.copyOf(headers);
    String scheme = endpoint.getScheme();
    if (!("http".equals(scheme) || "https".equals(scheme)) || endpoint.getHost() == null) {
      throw new ConfigurationException("endpoint", endpoint, "an http:// or https:// URL");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new ConfigurationException("timeout", timeout, "positive");
    }
  }

  /**
   * OTLP over gRPC to {@code endpoint} with the defaults.
   *
   * @param endpoint e.g. {@code "http://collector:4317"}
   * @return the exporter
   */
  public static OtlpExporter grpc(String endpoint) {
    return builder(Protocol.GRPC).endpoint(endpoint).build();
  }

  /**
   * OTLP over HTTP to {@code endpoint} with the defaults.
   *
   * @param endpoint the base URL, e.g. {@code "http://collector:4318"}
   * @return the exporter
   */
  public static OtlpExporter http(String endpoint) {
    return builder(Protocol.HTTP).endpoint(endpoint).build();
  }

  /**
   * A builder: the protocol's default endpoint, no headers, a 10 s timeout, no compression.
   *
   * @param protocol gRPC or HTTP
   * @return a new builder
   */
  public static Builder builder(Protocol protocol) {
    return new Builder(protocol);
  }

  /**
   * Describes the exporter without header values.
   *
   * @return e.g. {@code OtlpExporter[HTTP http://collector:4318 headers=[Authorization] ...]}
   */
  @Override
  public String toString() {
    return "OtlpExporter["
        + protocol
        + " "
        + endpoint
        + " headers="
        + headers.keySet()
        + " timeout="
        + timeout
        + " compression="
        + compression
        + "]";
  }

  /** Builds an {@link OtlpExporter}. Not thread-safe. */
  public static final class Builder {
    private final Protocol protocol;
    private URI endpoint;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Duration timeout = DEFAULT_TIMEOUT;
    private Compression compression = Compression.NONE;

    private Builder(Protocol protocol) {
      this.protocol = Objects.requireNonNull(protocol, "protocol");
      this.endpoint = protocol == Protocol.GRPC ? DEFAULT_GRPC_ENDPOINT : DEFAULT_HTTP_ENDPOINT;
    }

    /**
     * Sets the collector's base URL.
     *
     * @param value e.g. {@code "http://collector:4317"}
     * @return this builder
     * @throws ConfigurationException when it is no URL
     */
    public Builder endpoint(String value) {
      try {
        return endpoint(URI.create(value.strip()));
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException("endpoint", value, "an http:// or https:// URL");
      }
    }

    /**
     * Sets the collector's base URL.
     *
     * @param value the URL
     * @return this builder
     */
    public Builder endpoint(URI value) {
      this.endpoint = Objects.requireNonNull(value, "endpoint");
      return this;
    }

    /**
     * Adds a header sent with every export.
     *
     * @param name the header name
     * @param value its value (never logged)
     * @return this builder
     */
    public Builder header(String name, String value) {
      headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Sets the export timeout.
     *
     * @param value a positive duration
     * @return this builder
     */
    public Builder timeout(Duration value) {
      this.timeout = Objects.requireNonNull(value, "timeout");
      return this;
    }

    /**
     * Sets the compression.
     *
     * @param value none or gzip
     * @return this builder
     */
    public Builder compression(Compression value) {
      this.compression = Objects.requireNonNull(value, "compression");
      return this;
    }

    /**
     * Builds the exporter configuration.
     *
     * @return the configuration
     * @throws ConfigurationException when a value is invalid
     */
    public OtlpExporter build() {
      return new OtlpExporter(protocol, endpoint, headers, timeout, compression);
    }
  }
}
