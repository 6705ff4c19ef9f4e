package dev.ergon.connector.redis;

import dev.ergon.connector.ConnectionLostException;
import dev.ergon.connector.Connector;
import dev.ergon.connector.Rejection;
import dev.ergon.connector.redis.internal.DeadLetters;
import dev.ergon.connector.redis.internal.EntryCodec;
import dev.ergon.connector.redis.internal.GroupInfo;
import dev.ergon.connector.redis.internal.InFlight;
import dev.ergon.connector.redis.internal.Link;
import dev.ergon.connector.redis.internal.Reclaim;
import dev.ergon.connector.redis.internal.Scripts;
import dev.ergon.connector.redis.internal.StreamReads;
import dev.ergon.transaction.Transaction;
import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Connector} on Redis Streams (Lettuce): consumes a stream through a consumer group with
 * {@code XREADGROUP}, reclaims the pending entries of dead or stalled consumers with {@code
 * XAUTOCLAIM}, and adds entries with {@code XADD}.
 *
 * <pre>{@code
 * RedisConnector orders = new RedisConnector(RedisSettings.builder()
 *     .stream("orders").group("order-workers").maxDeliveries(5).build());
 * TaskConfig.builder("orders").connector("input", () -> orders) ...
 * }</pre>
 *
 * <p><b>Start-up.</b> The constructor connects (two connections: one for the blocking reads, one
 * for settlement, dispatch and the heartbeat, so that a read never holds up an acknowledgement) and
 * creates the group with {@code MKSTREAM} when it is missing (unless {@code create_group} is
 * false). The consumer name is {@code consumer}, or generated and unique.
 *
 * <p><b>Fetch.</b> Each fetch first continues a reclaim pass when one is due: {@code XAUTOCLAIM}
 * with {@code min_idle}, starting where the previous call's cursor stopped, until the cursor comes
 * back to {@code 0-0} (the whole pending entries list was walked) or the batch is full; a new pass
 * starts every {@code reclaim_interval}, and at once after a requeue. The rest of the batch is read
 * with {@code XREADGROUP ... >}, blocking up to {@code block} (not at all when reclaimed entries
 * are already there). A delivery past {@code max_deliveries} (the count of {@code XPENDING}) and an
 * entry whose {@code payload} is not JSON are dead-lettered here, never handed to the engine.
 *
 * <p><b>Transactions.</b> See {@link EntryCodec}: the id is the entry's {@code id} field (the entry
 * id when it has none), the payload its {@code payload} field read as JSON, the metadata its other
 * fields (so {@code traceparent}) plus {@code redis.stream}, {@code redis.entry_id}, {@code
 * redis.group}, {@code redis.consumer}, {@code redis.delivery_count} and {@code redis.timestamp}.
 *
 * <p><b>While a transaction runs</b> its entry's idle time is reset every {@code
 * heartbeat_interval} (an {@code XCLAIM ... JUSTID} to this consumer, only while it still owns the
 * entry), so long work is not reclaimed by another consumer; a consumer that dies stops the
 * heartbeat and its entries are reclaimed after {@code min_idle}.
 *
 * <p><b>Settlement.</b> {@code acknowledge} is {@code XACK} (with {@code XDEL} when {@code
 * delete_on_ack}). {@code reject(tx, true)} leaves the entry pending and sets its idle time so that
 * it may be reclaimed (by any consumer of the group, this one included) after {@code
 * requeue_delay}; its delivery count then grows by one. {@code reject(tx, false)} adds a dead
 * letter to the dead-letter stream and acknowledges the original in one Lua script (see {@link
 * #reject(Transaction, boolean, Rejection)} for its fields). When Redis cannot be reached,
 * settlement throws {@link ConnectionLostException}: the entry stays pending and is reclaimed after
 * {@code min_idle}. {@link #close()} makes the entries still in flight reclaimable at once.
 *
 * <p><b>Dead consumers</b> that hold no pending entry and have been idle for {@code
 * prune_consumers_after} are removed from the group (atomically, in a Lua script), so that the
 * generated names of crashed workers do not pile up.
 *
 * <p>Thread-safe: the engine fetches from one thread while others settle and dispatch.
 */
public final class RedisConnector implements Connector {
  private static final Logger LOG = LoggerFactory.getLogger(RedisConnector.class);

  /** How many entries resolve-by-transaction-id reads at most, newest first. */
  public static final int RESOLVE_SCAN_LIMIT = 10_000;

  private final RedisSettings settings;
  private final String consumerName;
  private final Consumer<String> consumer;
  private final String describe;
  private final Link link;
  private final StatefulRedisConnection<String, String> main;
  private final StatefulRedisConnection<String, String> reader;
  private final RedisCommands<String, String> cmd;
  private final RedisAsyncCommands<String, String> async;
  private final InFlight inFlight = new InFlight();
  private final Map<String, InFlight.Entry> resolved = new ConcurrentHashMap<>();
  private final ScheduledExecutorService heartbeat;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong deadLettered = new AtomicLong();
  private final AtomicLong reclaimed = new AtomicLong();
  private final Object fetchLock = new Object();
  private final StreamOffset<String>[] newEntries;
  private final Reclaim reclaim; // used under fetchLock
  private volatile int concurrency;
  private volatile @Nullable Instant lastFetch;
  private volatile @Nullable Instant lastAck;

  /**
   * Connects and sets up the consumer group.
   *
   * @param settings the settings
   * @throws RedisConnectorException when it cannot connect, or the group is missing (and not to be
   *     created) or cannot be created
   */
  public RedisConnector(RedisSettings settings) {
    this.settings = settings;
    this.consumerName =
        settings.consumer() != null
            ? settings.consumer()
            : settings.clientName()
                + "-"
                + ProcessHandle.current().pid()
                + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    this.consumer = Consumer.from(settings.group(), consumerName);
    this.newEntries = lastConsumed(settings.stream());
    this.describe =
        "Redis connector '"
            + consumerName
            + "' ("
            + settings.maskedUri()
            + ", stream '"
            + settings.stream()
            + "', group '"
            + settings.group()
            + "')";
    try {
      this.link =
          new Link(
              settings.uri(),
              settings.password(),
              settings.clientName(),
              settings.commandTimeout(),
              describe);
    } catch (IllegalArgumentException e) {
      throw new RedisConnectorException(e.getMessage(), null);
    }
    StatefulRedisConnection<String, String> m = null;
    try {
      m = link.connect();
      this.main = m;
      this.reader = link.connect();
      this.cmd = main.sync();
      this.async = main.async();
      this.reclaim =
          new Reclaim(
              cmd,
              settings.stream(),
              consumer,
              settings.minIdle(),
              settings.reclaimInterval(),
              settings.reclaimCount());
      ensureGroup();
    } catch (RuntimeException e) {
      link.close();
      if (e instanceof RedisConnectorException r) {
        throw r;
      }
      throw new RedisConnectorException(
          describe + ": cannot connect or set up the group: " + link.scrub(e), null);
    }
    this.heartbeat =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("ergon-redis-heartbeat-" + consumerName).factory());
    long every = settings.effectiveHeartbeatInterval().toMillis();
    heartbeat.scheduleWithFixedDelay(this::beat, every, Math.max(1, every), TimeUnit.MILLISECONDS);
    Duration prune = settings.pruneConsumersAfter();
    if (prune != null) {
      long check = Math.clamp(prune.toMillis() / 4, 100, 60_000);
      heartbeat.scheduleWithFixedDelay(() -> prune(prune), check, check, TimeUnit.MILLISECONDS);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"}) // a one-element array of a generic type
  private static StreamOffset<String>[] lastConsumed(String stream) {
    return new StreamOffset[] {StreamOffset.lastConsumed(stream)};
  }

  private void ensureGroup() {
    if (!settings.createGroup()) {
      GroupInfo g;
      try {
        g = GroupInfo.find(cmd.xinfoGroups(settings.stream()), settings.group());
      } catch (RedisException e) {
        g = null;
      }
      if (g == null) {
        throw new RedisConnectorException(
            describe + ": the group does not exist (create it, or set create_group: true)", null);
      }
      return;
    }
    try {
      cmd.xgroupCreate(
          StreamOffset.from(settings.stream(), settings.groupStartId()),
          settings.group(),
          XGroupCreateArgs.Builder.mkstream());
      LOG.info("{}: created the group at '{}'", describe, settings.groupStartId());
    } catch (RedisException e) {
      if (!String.valueOf(e.getMessage()).startsWith("BUSYGROUP")) {
        throw e;
      }
    }
  }

  /**
   * The settings.
   *
   * @return them
   */
  public RedisSettings settings() {
    return settings;
  }

  /**
   * This connector's consumer name in the group.
   *
   * @return the name
   */
  public String consumerName() {
    return consumerName;
  }

  /**
   * Reclaims idle pending entries (walking the {@code XAUTOCLAIM} cursor) and reads new ones;
   * returns at most {@code batchSize} (and at most the engine's concurrency). Entries past {@code
   * max_deliveries} and entries whose payload is not JSON are dead-lettered here and not returned.
   *
   * @throws RedisConnectorException when Redis cannot be read; the engine backs off and the next
   *     call tries again
   */
  @Override
  public List<Transaction> fetchTransactions(int batchSize) {
    requireOpen();
    if (batchSize <= 0) {
      return List.of();
    }
    int c = concurrency;
    int n = c > 0 ? Math.min(batchSize, c) : batchSize;
    lastFetch = Instant.now();
    List<Transaction> out = new ArrayList<>();
    synchronized (fetchLock) {
      requireOpen();
      try {
        reclaim(n, out);
        if (out.size() < n) {
          read(n - out.size(), out.isEmpty(), out);
        }
      } catch (RedisException e) {
        if (String.valueOf(e.getMessage()).startsWith("NOGROUP") && settings.createGroup()) {
          LOG.warn(
              "{}: the group or stream is gone (deleted, or the server restarted without"
                  + " persistence); creating it again",
              describe);
          reclaim.reset();
          ensureGroupQuietly();
        } else if (out.isEmpty()) {
          throw new RedisConnectorException(describe + ": fetch failed: " + link.scrub(e), e);
        } else {
          LOG.warn("{}: fetch stopped early: {}", describe, link.scrub(e));
        }
      }
    }
    return out;
  }

  private void ensureGroupQuietly() {
    try {
      ensureGroup();
    } catch (RuntimeException e) {
      LOG.warn("{}: cannot create the group: {}", describe, link.scrub(e));
    }
  }

  private void reclaim(int n, List<Transaction> out) {
    List<Reclaim.Claimed> claimed = reclaim.claim(n, inFlight.size());
    if (claimed.isEmpty()) {
      return;
    }
    reclaimed.addAndGet(claimed.size());
    LOG.info(
        "{}: reclaimed {} pending entries idle for at least {}",
        describe,
        claimed.size(),
        settings.minIdle());
    for (Reclaim.Claimed c : claimed) {
      Transaction tx = accept(c.message(), c.deliveries());
      if (tx != null) {
        out.add(tx);
      }
    }
  }

  private void read(int k, boolean block, List<Transaction> out) {
    XReadArgs args = XReadArgs.Builder.count(k);
    if (block) {
      args.block(settings.block());
    }
    List<StreamMessage<String, String>> msgs = reader.sync().xreadgroup(consumer, args, newEntries);
    if (msgs == null) {
      return;
    }
    for (StreamMessage<String, String> m : msgs) {
      Transaction tx = accept(m, 1);
      if (tx != null) {
        out.add(tx);
      }
    }
  }

  private @Nullable Transaction accept(StreamMessage<String, String> m, long deliveries) {
    Map<String, String> fields = m.getBody() == null ? Map.of() : m.getBody();
    String entryId = m.getId();
    String txId = EntryCodec.id(entryId, fields);
    InFlight.Entry entry = new InFlight.Entry(txId, entryId, deliveries, fields);
    Integer max = settings.maxDeliveries();
    if (max != null && deliveries > max) {
      deadLetterQuietly(
          entry,
          "max_deliveries_exceeded",
          "delivered " + deliveries + " times, more than max_deliveries " + max);
      return null;
    }
    Object payload;
    try {
      payload = EntryCodec.payload(fields);
    } catch (IOException e) {
      String error =
          "payload of transaction '"
              + txId
              + "' (entry "
              + entryId
              + " of stream '"
              + settings.stream()
              + "') is not JSON: "
              + e.getMessage();
      LOG.error(
          "{}: {}; dead-lettering it to '{}'",
          describe,
          error,
          settings.effectiveDeadLetterStream());
      deadLetterQuietly(entry, "undecodable", error);
      return null;
    }
    if (!inFlight.add(entry)) {
      InFlight.Entry held = inFlight.get(txId);
      if (held != null && held.entryId().equals(entryId)) {
        return null; // reclaimed from ourselves while still in flight here
      }
      // the same transaction id in another entry (dispatched twice): use the entry id
      txId = entryId;
      entry = new InFlight.Entry(txId, entryId, deliveries, fields);
      if (!inFlight.add(entry)) {
        return null;
      }
    }
    Map<String, String> delivery = new LinkedHashMap<>();
    delivery.put(EntryCodec.PREFIX + "stream", settings.stream());
    delivery.put(EntryCodec.PREFIX + "entry_id", entryId);
    delivery.put(EntryCodec.PREFIX + "group", settings.group());
    delivery.put(EntryCodec.PREFIX + "consumer", consumerName);
    delivery.put(EntryCodec.PREFIX + "delivery_count", String.valueOf(deliveries));
    delivery.put(EntryCodec.PREFIX + "timestamp", timestamp(entryId));
    return new Transaction(txId, payload, EntryCodec.metadata(fields, delivery));
  }

  private static String timestamp(String entryId) {
    int dash = entryId.indexOf('-');
    try {
      return Instant.ofEpochMilli(Long.parseLong(dash > 0 ? entryId.substring(0, dash) : entryId))
          .toString();
    } catch (NumberFormatException e) {
      return "";
    }
  }

  /**
   * Adds one entry per transaction to the publish stream ({@code XADD}, trimmed with {@code MAXLEN
   * ~ max_len} when set), pipelined, then waits for every reply.
   *
   * @throws IllegalArgumentException before anything is sent, when a payload cannot be written as
   *     JSON or a metadata key is reserved (naming the transaction)
   * @throws RedisConnectorException naming each transaction that was not added and why; the others
   *     were added
   */
  @Override
  public void dispatchTransactions(List<Transaction> transactions) throws InterruptedException {
    requireOpen();
    String target = settings.effectivePublishStream();
    List<Map<String, String>> bodies = new ArrayList<>(transactions.size());
    for (Transaction tx : transactions) {
      bodies.add(EntryCodec.fields(tx));
    }
    XAddArgs args =
        settings.maxLen() == null
            ? new XAddArgs()
            : XAddArgs.Builder.maxlen(settings.maxLen()).approximateTrimming();
    List<RedisFuture<String>> replies = new ArrayList<>(bodies.size());
    for (Map<String, String> body : bodies) {
      replies.add(async.xadd(target, args, body));
    }
    Map<String, String> failures = new LinkedHashMap<>();
    long deadline = System.nanoTime() + settings.commandTimeout().toNanos();
    for (int i = 0; i < replies.size(); i++) {
      try {
        replies.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        failures.put(transactions.get(i).id(), link.scrub(e.getCause()));
      } catch (TimeoutException e) {
        replies.get(i).cancel(false);
        failures.put(transactions.get(i).id(), "no reply within " + settings.commandTimeout());
      }
    }
    if (!failures.isEmpty()) {
      StringBuilder b = new StringBuilder();
      failures.forEach(
          (id, why) ->
              b.append(b.isEmpty() ? "" : "; ").append('\'').append(id).append("': ").append(why));
      throw new RedisConnectorException(
          describe
              + ": "
              + failures.size()
              + " of "
              + transactions.size()
              + " transactions not added to stream '"
              + target
              + "': "
              + b,
          null);
    }
  }

  /**
   * The group's backlog: its {@code lag} (entries never delivered to the group, from {@code XINFO
   * GROUPS}; counted after {@code last-delivered-id} when Redis cannot tell it) plus its {@code
   * pending} entries (delivered and not acknowledged: in flight, requeued, or held by a dead
   * consumer until they are reclaimed).
   *
   * @throws RedisConnectorException when the stream or group cannot be read
   */
  @Override
  public long countTransactions() {
    requireOpen();
    try {
      GroupInfo g = GroupInfo.find(cmd.xinfoGroups(settings.stream()), settings.group());
      if (g == null) {
        throw new RedisConnectorException(describe + ": the group does not exist", null);
      }
      long lag =
          g.lag() != null
              ? g.lag()
              : StreamReads.countAfter(cmd, settings.stream(), g.lastDeliveredId());
      return g.pending() + lag;
    } catch (RedisException e) {
      throw new RedisConnectorException(describe + ": cannot count: " + link.scrub(e), e);
    }
  }

  /**
   * Reads one entry from the stream without delivering it through the group. An entry id ({@code
   * 1700000000000-0}) is read with {@code XRANGE id id}; any other id is looked for as the {@code
   * id} field of the newest {@link #RESOLVE_SCAN_LIMIT} entries.
   *
   * <p>Settling a resolved transaction works on the stream: {@code acknowledge} acknowledges and
   * deletes the entry (so the group does not deliver it again), {@code reject(tx, true)} leaves it,
   * {@code reject(tx, false)} dead-letters and deletes it.
   *
   * @throws RedisConnectorException when the stream cannot be read, the payload is not JSON, or the
   *     scan limit is reached
   */
  @Override
  public Optional<Transaction> resolveTransaction(String id) {
    requireOpen();
    StreamMessage<String, String> found;
    try {
      found = find(id);
    } catch (RedisException e) {
      throw new RedisConnectorException(
          describe + ": cannot resolve transaction '" + id + "': " + link.scrub(e), e);
    }
    if (found == null) {
      return Optional.empty();
    }
    Map<String, String> fields = found.getBody();
    String txId = EntryCodec.id(found.getId(), fields);
    Object payload;
    try {
      payload = EntryCodec.payload(fields);
    } catch (IOException e) {
      throw new RedisConnectorException(
          describe
              + ": transaction '"
              + id
              + "' (entry "
              + found.getId()
              + ") has a payload that is not JSON: "
              + e.getMessage(),
          null);
    }
    resolved.put(txId, new InFlight.Entry(txId, found.getId(), 0, fields));
    Map<String, String> delivery = new LinkedHashMap<>();
    delivery.put(EntryCodec.PREFIX + "stream", settings.stream());
    delivery.put(EntryCodec.PREFIX + "entry_id", found.getId());
    delivery.put(EntryCodec.PREFIX + "timestamp", timestamp(found.getId()));
    delivery.put(EntryCodec.PREFIX + "resolved", "true");
    return Optional.of(new Transaction(txId, payload, EntryCodec.metadata(fields, delivery)));
  }

  private @Nullable StreamMessage<String, String> find(String id) {
    try {
      return StreamReads.find(cmd, settings.stream(), id, RESOLVE_SCAN_LIMIT);
    } catch (IllegalStateException e) {
      throw new RedisConnectorException(
          describe
              + ": transaction '"
              + id
              + "' "
              + e.getMessage()
              + "; resolve it by its entry id (redis.entry_id) instead",
          null);
    }
  }

  /**
   * {@code XACK} (and {@code XDEL} with {@code delete_on_ack}); for a resolved transaction not in
   * flight here, acknowledges and deletes its entry.
   *
   * @throws ConnectionLostException when Redis cannot be reached; the entry stays pending and is
   *     reclaimed after {@code min_idle}
   */
  @Override
  public void acknowledge(Transaction transaction) throws ConnectionLostException {
    requireOpen();
    InFlight.Entry e = inFlight.take(transaction.id());
    boolean delete = settings.deleteOnAck();
    if (e == null) {
      e = resolved.remove(transaction.id());
      if (e == null) {
        throw notInFlight(transaction, "acknowledge");
      }
      delete = true;
    }
    try {
      long n =
          delete
              ? cmd.<Long>eval(
                  Scripts.ACK_DELETE,
                  ScriptOutputType.INTEGER,
                  new String[] {settings.stream()},
                  settings.group(),
                  e.entryId())
              : cmd.xack(settings.stream(), settings.group(), e.entryId());
      lastAck = Instant.now();
      if (n == 0 && e.deliveries() > 0) {
        LOG.warn(
            "{}: transaction '{}' (entry {}) was no longer pending when acknowledged (reclaimed"
                + " by another consumer after min_idle, or acknowledged before)",
            describe,
            e.txId(),
            e.entryId());
      }
    } catch (RedisException ex) {
      throw failure(e, "acknowledge", ex);
    }
  }

  /**
   * Requeues (the entry stays pending, reclaimable after {@code requeue_delay}) or dead-letters.
   *
   * @throws ConnectionLostException when Redis cannot be reached; the entry stays pending and is
   *     reclaimed after {@code min_idle}
   */
  @Override
  public void reject(Transaction transaction, boolean requeue) throws ConnectionLostException {
    reject(transaction, requeue, null, "rejected", "rejected without requeue");
  }

  /**
   * Like {@link #reject(Transaction, boolean)}; a dead letter records the rejection. A dead letter
   * is an entry of the dead-letter stream with the original entry's fields plus {@code
   * ergon.original_id} (the entry id), {@code ergon.original_stream}, {@code ergon.group}, {@code
   * ergon.consumer}, {@code ergon.transaction_id}, {@code ergon.delivery_count}, {@code
   * ergon.error_category} ({@code BUSINESS}, {@code SYSTEM}, {@code TIMEOUT}, or the connector's
   * own {@code rejected}, {@code max_deliveries_exceeded}, {@code undecodable}), {@code
   * ergon.error_message}, {@code ergon.dead_lettered_at} and, from a rejection, {@code
   * ergon.attempts} and {@code ergon.handler_error}.
   *
   * @throws ConnectionLostException when Redis cannot be reached
   */
  @Override
  public void reject(Transaction transaction, boolean requeue, Rejection rejection)
      throws ConnectionLostException {
    reject(transaction, requeue, rejection, rejection.category().name(), rejection.message());
  }

  private void reject(
      Transaction tx,
      boolean requeue,
      @Nullable Rejection rejection,
      String category,
      String message)
      throws ConnectionLostException {
    requireOpen();
    InFlight.Entry e = inFlight.take(tx.id());
    boolean wasResolved = false;
    if (e == null) {
      e = resolved.remove(tx.id());
      if (e == null) {
        throw notInFlight(tx, requeue ? "requeue" : "dead-letter");
      }
      wasResolved = true;
    }
    try {
      if (!requeue) {
        deadLetter(e, category, message, rejection, wasResolved || settings.deleteOnAck());
      } else if (!wasResolved) {
        long idle = settings.minIdle().minus(settings.requeueDelay()).toMillis();
        touch(List.of(e.entryId()), idle);
        reclaim.requeued(settings.requeueDelay());
      }
    } catch (RedisException ex) {
      throw failure(e, requeue ? "requeue" : "dead-letter", ex);
    }
  }

  private long touch(List<String> entryIds, long idleMillis) {
    List<String> args = new ArrayList<>(entryIds.size() + 3);
    args.add(settings.group());
    args.add(consumerName);
    args.add(String.valueOf(Math.max(0, idleMillis)));
    args.addAll(entryIds);
    Long n =
        cmd.eval(
            Scripts.TOUCH_OWNED,
            ScriptOutputType.INTEGER,
            new String[] {settings.stream()},
            args.toArray(String[]::new));
    return n == null ? 0 : n;
  }

  private void deadLetterQuietly(InFlight.Entry entry, String category, String error) {
    try {
      deadLetter(entry, category, error, null, settings.deleteOnAck());
    } catch (RedisException e) {
      LOG.error(
          "{}: cannot dead-letter '{}' (entry {}); it stays pending and is reclaimed after"
              + " min_idle: {}",
          describe,
          entry.txId(),
          entry.entryId(),
          link.scrub(e));
    }
  }

  private void deadLetter(
      InFlight.Entry e,
      String category,
      String message,
      @Nullable Rejection rejection,
      boolean delete) {
    Map<String, String> f =
        DeadLetters.fields(
            e, settings.stream(), settings.group(), consumerName, category, message, rejection);
    List<String> args = new ArrayList<>(f.size() * 2 + 3);
    args.add(settings.group());
    args.add(e.entryId());
    args.add(delete ? "1" : "0");
    f.forEach(
        (k, v) -> {
          args.add(k);
          args.add(v);
        });
    cmd.eval(
        Scripts.DEAD_LETTER,
        ScriptOutputType.VALUE,
        new String[] {settings.stream(), settings.effectiveDeadLetterStream()},
        args.toArray(String[]::new));
    deadLettered.incrementAndGet();
    LOG.warn(
        "{}: dead-lettered transaction '{}' (entry {}) to '{}': {}: {}",
        describe,
        e.txId(),
        e.entryId(),
        settings.effectiveDeadLetterStream(),
        category,
        message);
  }

  /** Resets the idle time of the entries in flight (those this consumer still owns). */
  private void beat() {
    List<String> ids = inFlight.entryIds();
    if (ids.isEmpty() || closed.get()) {
      return;
    }
    try {
      long kept = touch(ids, 0);
      if (kept < ids.size()) {
        LOG.debug(
            "{}: heartbeat kept {} of {} entries in flight (the others were settled or reclaimed)",
            describe,
            kept,
            ids.size());
      }
    } catch (RuntimeException e) {
      LOG.warn("{}: heartbeat failed: {}", describe, link.scrub(e));
    }
  }

  /** Removes consumers of the group that hold nothing and have been idle for {@code after}. */
  private void prune(Duration after) {
    if (closed.get()) {
      return;
    }
    try {
      List<String> removed =
          cmd.eval(
              Scripts.PRUNE_CONSUMERS,
              ScriptOutputType.MULTI,
              new String[] {settings.stream()},
              settings.group(),
              String.valueOf(after.toMillis()),
              consumerName);
      if (removed != null && !removed.isEmpty()) {
        LOG.info(
            "{}: removed {} consumer(s) idle for {} without pending entries: {}",
            describe,
            removed.size(),
            after,
            removed);
      }
    } catch (RuntimeException e) {
      LOG.debug("{}: pruning consumers failed: {}", describe, link.scrub(e));
    }
  }

  private RuntimeException failure(InFlight.Entry e, String op, RedisException cause) {
    String text =
        describe
            + ": cannot "
            + op
            + " transaction '"
            + e.txId()
            + "' (entry "
            + e.entryId()
            + "): "
            + link.scrub(cause);
    boolean lost =
        cause instanceof RedisConnectionException
            || cause instanceof RedisCommandTimeoutException
            || !main.isOpen()
            || String.valueOf(cause.getMessage()).contains("not connected");
    if (lost) {
      return new ConnectionLostException(
          text + "; the entry stays pending and is reclaimed after min_idle", cause);
    }
    return new RedisConnectorException(text, cause);
  }

  private IllegalStateException notInFlight(Transaction tx, String op) {
    return new IllegalStateException(
        describe
            + ": cannot "
            + op
            + " transaction '"
            + tx.id()
            + "': it is not in flight here (already settled, or fetched by another connector)");
  }

  /** True: {@code reject(tx, false)} adds the entry to the dead-letter stream. */
  @Override
  public boolean supportsDeadLetter() {
    return true;
  }

  /** Bounds each fetch by {@code concurrency}. */
  @Override
  public void onConcurrency(int concurrency) {
    this.concurrency = concurrency;
  }

  /**
   * State, stream, group, consumer, in-flight count, reclaimed and dead-lettered counts, and the
   * last fetch and acknowledgement.
   */
  @Override
  public Map<String, Object> health() {
    Map<String, Object> h = new LinkedHashMap<>();
    boolean up = !closed.get() && main.isOpen() && reader.isOpen();
    h.put("state", closed.get() ? "closed" : up ? "connected" : "disconnected");
    h.put("server", settings.maskedUri());
    h.put("stream", settings.stream());
    h.put("group", settings.group());
    h.put("consumer", consumerName);
    h.put("in_flight", inFlight.size());
    h.put("reclaimed", reclaimed.get());
    h.put("dead_lettered", deadLettered.get());
    Instant f = lastFetch;
    if (f != null) {
      h.put("last_fetch_at", f.toString());
    }
    Instant a = lastAck;
    if (a != null) {
      h.put("last_ack_at", a.toString());
    }
    return Collections.unmodifiableMap(h);
  }

  /**
   * Stops the heartbeat, makes the entries still in flight reclaimable at once (by any consumer of
   * the group), removes this consumer from the group when it holds no pending entries, and closes
   * the connections. Waits for a fetch in progress (at most {@code block}). Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    heartbeat.shutdownNow();
    synchronized (fetchLock) {
      List<String> left = inFlight.drain().stream().map(InFlight.Entry::entryId).toList();
      resolved.clear();
      try {
        if (!left.isEmpty()) {
          touch(left, settings.minIdle().toMillis());
        }
        if (cmd.xpending(settings.stream(), consumer, Range.create("-", "+"), Limit.from(1))
            .isEmpty()) {
          cmd.xgroupDelconsumer(settings.stream(), consumer);
        }
      } catch (RuntimeException e) {
        LOG.debug("{}: release on close failed: {}", describe, link.scrub(e));
      }
      link.close();
    }
  }

  private void requireOpen() {
    if (closed.get()) {
      throw new IllegalStateException(describe + " is closed");
    }
  }
}
