package dev.ergon.connector.http.internal;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Query parameters of URLs, read and replaced without touching the rest of the URL. */
public final class Urls {
  private Urls() {}

  /**
   * The URL with {@code name=value} set: an existing parameter of that name is replaced (its first
   * occurrence; later ones are removed), otherwise it is appended.
   *
   * @param url an absolute URL
   * @param name the parameter name (not encoded)
   * @param value the value (encoded here)
   * @return the new URL
   */
  public static String withParam(String url, String name, String value) {
    int hash = url.indexOf('#');
    String fragment = hash >= 0 ? url.substring(hash) : "";
    String rest = hash >= 0 ? url.substring(0, hash) : url;
    int q = rest.indexOf('?');
    String base = q >= 0 ? rest.substring(0, q) : rest;
    String query = q >= 0 ? rest.substring(q + 1) : "";
    String pair = encode(name) + "=" + encode(value);
    List<String> parts = new ArrayList<>();
    boolean replaced = false;
    for (String p : query.isEmpty() ? new String[0] : query.split("&")) {
      if (name.equals(decode(p.split("=", 2)[0]))) {
        if (!replaced) {
          parts.add(pair);
          replaced = true;
        }
      } else if (!p.isEmpty()) {
        parts.add(p);
      }
    }
    if (!replaced) {
      parts.add(pair);
    }
    return base + "?" + String.join("&", parts) + fragment;
  }

  /**
   * The first value of a query parameter.
   *
   * @param url an absolute URL
   * @param name the parameter name
   * @return its decoded value, or empty
   */
  public static Optional<String> param(String url, String name) {
    String query = URI.create(url).getRawQuery();
    if (query == null) {
      return Optional.empty();
    }
    for (String p : query.split("&")) {
      String[] kv = p.split("=", 2);
      if (name.equals(decode(kv[0]))) {
        return Optional.of(kv.length > 1 ? decode(kv[1]) : "");
      }
    }
    return Optional.empty();
  }

  /**
   * Encodes a query component or path segment ({@code %20} for a space).
   *
   * @param s the text
   * @return the encoded text
   */
  public static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /**
   * Fills {@code {id}} in a URL template.
   *
   * @param template a URL, possibly with {@code {id}}
   * @param id the transaction id (encoded here)
   * @return the URL
   */
  public static String fill(String template, String id) {
    return template.replace("{id}", encode(id));
  }
}
