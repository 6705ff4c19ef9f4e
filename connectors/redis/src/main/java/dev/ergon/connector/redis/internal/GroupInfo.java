package dev.ergon.connector.redis.internal;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One group of an {@code XINFO GROUPS} reply.
 *
 * @param name the group name
 * @param consumers how many consumers it has
 * @param pending how many entries were delivered and are not acknowledged
 * @param lastDeliveredId the id of the last entry delivered to the group
 * @param lag how many entries were never delivered to the group, or null when Redis cannot tell
 *     (after deletions in the middle of the stream)
 */
public record GroupInfo(
    String name, long consumers, long pending, String lastDeliveredId, @Nullable Long lag) {

  /**
   * Finds a group in an {@code XINFO GROUPS} reply (a list of flat name/value lists).
   *
   * @param reply the reply
   * @param group the group name
   * @return the group, or null when the stream has no such group
   */
  public static @Nullable GroupInfo find(List<Object> reply, String group) {
    for (Object o : reply) {
      if (!(o instanceof List<?> kv)) {
        continue;
      }
      String name = null;
      long consumers = 0;
      long pending = 0;
      String last = "0-0";
      Long lag = null;
      for (int i = 0; i + 1 < kv.size(); i += 2) {
        Object v = kv.get(i + 1);
        switch (String.valueOf(kv.get(i))) {
          case "name" -> name = String.valueOf(v);
          case "consumers" -> consumers = v instanceof Number n ? n.longValue() : 0;
          case "pending" -> pending = v instanceof Number n ? n.longValue() : 0;
          case "last-delivered-id" -> last = String.valueOf(v);
          case "lag" -> lag = v instanceof Number n ? n.longValue() : null;
          default -> {}
        }
      }
      if (group.equals(name)) {
        return new GroupInfo(name, consumers, pending, last, lag);
      }
    }
    return null;
  }
}
