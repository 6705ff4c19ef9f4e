package dev.ergon.transaction;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The default {@link PayloadCodec}, backed by one shared Jackson mapper. */
final class JsonPayloadCodec implements PayloadCodec {
  static final JsonPayloadCodec DEFAULT = new JsonPayloadCodec(JsonMapper.builder().build());

  private final ObjectMapper mapper;

  JsonPayloadCodec(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  @Override
  public <T> T convert(Object payload, Class<T> type) {
    try {
      if (payload instanceof byte[] bytes) {
        return mapper.readValue(bytes, type);
      }
      if (payload instanceof String text && type != String.class) {
        return mapper.readValue(text, type);
      }
      return mapper.convertValue(payload, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }
}
