package dev.ergon.connector.redis.internal;

/**
 * The Lua scripts the connector runs where several commands must happen atomically (Redis runs a
 * script as one step).
 */
public final class Scripts {
  private Scripts() {}

  /**
   * Sets the idle time of those of the given pending entries that this consumer still owns, without
   * counting a delivery ({@code XCLAIM ... IDLE ms JUSTID}); entries another consumer reclaimed in
   * the meantime are left alone. Idle 0 keeps an entry in flight (heartbeat); idle {@code min_idle}
   * makes it reclaimable at once (requeue, release on close).
   *
   * <p>KEYS: stream. ARGV: group, consumer, idle ms, entry ids... Returns how many it touched.
   */
  public static final String TOUCH_OWNED =
      """
      local n = 0
      for i = 4, #ARGV do
        local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)
        if p[1] and p[1][2] == ARGV[2] then
          redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'IDLE', ARGV[3], 'JUSTID')
          n = n + 1
        end
      end
      return n
      """;

  /**
   * Adds a dead letter and acknowledges (and maybe deletes) the original, in one step.
   *
   * <p>KEYS: stream, dead-letter stream. ARGV: group, entry id, delete ({@code 1} or {@code 0}),
   * then the dead letter's field and value pairs. Returns the dead letter's entry id.
   */
  public static final String DEAD_LETTER =
      """
      local id = redis.call('XADD', KEYS[2], '*', unpack(ARGV, 4))
      redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
      if ARGV[3] == '1' then redis.call('XDEL', KEYS[1], ARGV[2]) end
      return id
      """;

  /**
   * Acknowledges and deletes an entry, in one step.
   *
   * <p>KEYS: stream. ARGV: group, entry id. Returns what {@code XACK} returned.
   */
  public static final String ACK_DELETE =
      """
      local n = redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
      redis.call('XDEL', KEYS[1], ARGV[2])
      return n
      """;

  /**
   * Removes the consumers of a group that hold no pending entry and have been idle at least the
   * given time, except this one; atomic, so no consumer that just read an entry is removed (which
   * would drop its pending entries).
   *
   * <p>KEYS: stream. ARGV: group, idle ms, this consumer. Returns the removed names.
   */
  public static final String PRUNE_CONSUMERS =
      """
      local removed = {}
      for _, c in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
        local f = {}
        for i = 1, #c, 2 do f[c[i]] = c[i + 1] end
        if f['name'] ~= ARGV[3] and f['pending'] == 0 and f['idle'] >= tonumber(ARGV[2]) then
          redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], f['name'])
          table.insert(removed, f['name'])
        end
      end
      return removed
      """;
}
