package dev.ergon.connector.redis.internal;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Reads of a stream outside the consumer group: counting a range, finding an entry. */
public final class StreamReads {
  private static final int PAGE = 500;
  private static final Pattern ENTRY_ID = Pattern.compile("\\d+-\\d+");

  private StreamReads() {}

  /**
   * Counts the entries after an id, in pages.
   *
   * @param cmd the commands
   * @param stream the stream
   * @param lastId the id after which to count
   * @return how many entries follow it
   */
  public static long countAfter(RedisCommands<String, String> cmd, String stream, String lastId) {
    long n = 0;
    Range.Boundary<String> from = Range.Boundary.excluding(lastId);
    while (true) {
      List<StreamMessage<String, String>> page =
          cmd.xrange(stream, Range.from(from, Range.Boundary.unbounded()), Limit.from(PAGE));
      n += page.size();
      if (page.size() < PAGE) {
        return n;
      }
      from = Range.Boundary.excluding(page.get(page.size() - 1).getId());
    }
  }

  /**
   * Finds an entry: an entry id with {@code XRANGE id id}, any other id as the {@code id} field of
   * the newest {@code scanLimit} entries.
   *
   * @param cmd the commands
   * @param stream the stream
   * @param id an entry id or a transaction id
   * @param scanLimit the most entries to scan for a transaction id
   * @return the entry, or null when there is none
   * @throws IllegalStateException when the scan limit is reached without finding it
   */
  public static @Nullable StreamMessage<String, String> find(
      RedisCommands<String, String> cmd, String stream, String id, int scanLimit) {
    if (ENTRY_ID.matcher(id).matches()) {
      List<StreamMessage<String, String>> one = cmd.xrange(stream, Range.create(id, id));
      return one.isEmpty() ? null : one.get(0);
    }
    Range.Boundary<String> to = Range.Boundary.unbounded();
    for (int read = 0; read < scanLimit; ) {
      List<StreamMessage<String, String>> page =
          cmd.xrevrange(stream, Range.from(Range.Boundary.unbounded(), to), Limit.from(PAGE));
      for (StreamMessage<String, String> m : page) {
        if (id.equals(m.getBody().get(EntryCodec.ID))) {
          return m;
        }
      }
      if (page.size() < PAGE) {
        return null;
      }
      read += page.size();
      to = Range.Boundary.excluding(page.get(page.size() - 1).getId());
    }
    throw new IllegalStateException("not found among the newest " + scanLimit + " entries");
  }
}
