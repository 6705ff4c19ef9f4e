package dev.ergon.reliability;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The worker's peak heap <em>after garbage collection</em>: after each collection, the heap pools'
 * used bytes are summed and the largest sum kept. Unlike the peak of "used" (which rises to the
 * maximum before any collection and says nothing), this is what the process keeps alive: the
 * engine's prefetch and in-flight transactions, the clients, and anything that grows with the
 * backlog. Printed on shutdown as {@link #LINE}{@code <bytes> after <n> collections}.
 */
final class HeapWatch {
  /** The prefix of the line the worker prints on shutdown. */
  static final String LINE = "ergon-reliability: peak heap after GC ";

  private final AtomicLong peak = new AtomicLong();
  private final AtomicLong collections = new AtomicLong();

  private HeapWatch() {}

  /** Starts watching every collector and prints the peak when the JVM shuts down. */
  static void install() {
    HeapWatch w = new HeapWatch();
    Set<String> heap =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getName)
            .collect(Collectors.toSet());
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc)
          .addNotificationListener(
              (notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                    notification.getType())) {
                  w.record(
                      GarbageCollectionNotificationInfo.from(
                              (CompositeData) notification.getUserData())
                          .getGcInfo()
                          .getMemoryUsageAfterGc(),
                      heap);
                }
              },
              null,
              null);
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () ->
                    System.err.printf(
                        Locale.ROOT,
                        "%s%d after %d collections%n",
                        LINE,
                        w.peak.get(),
                        w.collections.get()),
                "heap-watch"));
  }

  private void record(Map<String, MemoryUsage> after, Set<String> heap) {
    long used = 0;
    for (Map.Entry<String, MemoryUsage> e : after.entrySet()) {
      if (heap.contains(e.getKey())) {
        used += e.getValue().getUsed();
      }
    }
    collections.incrementAndGet();
    peak.accumulateAndGet(used, Math::max);
  }
}
