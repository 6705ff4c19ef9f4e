package dev.ergon.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RunSlotsTest {
  /** A registry entry that remembers its slot. */
  static final class Run implements RunSlots.Entry {
    final int id;
    volatile int slot = RunSlots.NONE;

    Run(int id) {
      this.id = id;
    }

    @Override
    public void slot(int slot) {
      this.slot = slot;
    }

    @Override
    public int awaitSlot() {
      return slot;
    }
  }

  private static List<Run> contents(RunSlots<Run> slots) {
    List<Run> seen = new ArrayList<>();
    slots.forEach(seen::add);
    return seen;
  }

  @Test
  void aRunTakesTheSlotItsHintNamesWhenFreeAndLeavesItOnRemoval() {
    RunSlots<Run> slots = new RunSlots<>(4);
    Run a = new Run(1);
    Run b = new Run(2);

    slots.add(a, 2);
    slots.add(b, 2); // taken: the next free one after it

    assertThat(a.slot).isEqualTo(2);
    assertThat(b.slot).isEqualTo(3);
    assertThat(contents(slots)).containsExactlyInAnyOrder(a, b);
    assertThat(slots.size()).isEqualTo(2);

    slots.remove(a);
    assertThat(contents(slots)).containsExactly(b);
    slots.add(new Run(3), 2);
    assertThat(slots.size()).isEqualTo(2);
  }

  @Test
  void aHintBeyondTheCapacityWrapsAndTheSearchWrapsToo() {
    RunSlots<Run> slots = new RunSlots<>(3);
    Run a = new Run(1);
    Run b = new Run(2);

    slots.add(a, 5); // 5 % 3 = 2
    slots.add(b, 2); // 2 taken, wraps to 0

    assertThat(a.slot).isEqualTo(2);
    assertThat(b.slot).isZero();
  }

  @Test
  void runsBeyondTheSlotsGoToTheOverflowAndAreStillSeenAndRemoved() {
    RunSlots<Run> slots = new RunSlots<>(2);
    Run a = new Run(1);
    Run b = new Run(2);
    Run c = new Run(3);
    slots.add(a, -1);
    slots.add(b, -1);
    slots.add(c, -1);

    assertThat(c.slot).isEqualTo(RunSlots.OVERFLOW);
    assertThat(contents(slots)).containsExactlyInAnyOrder(a, b, c);
    assertThat(slots.size()).isEqualTo(3);

    slots.remove(c);
    slots.remove(a);
    assertThat(contents(slots)).containsExactly(b);
    assertThat(slots.size()).isEqualTo(1);
  }

  @Test
  void concurrentAddsAndRemovesLoseNoRunAndLeaveNoneBehind() throws Exception {
    int threads = 8;
    int perThread = 20_000;
    RunSlots<Run> slots = new RunSlots<>(threads / 2); // half of them overflow at times
    ConcurrentHashMap<Run, Boolean> registered = new ConcurrentHashMap<>();
    AtomicInteger missing = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int lane = t;
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < perThread; i++) {
                    Run r = new Run(lane * perThread + i);
                    slots.add(r, lane);
                    registered.put(r, true);
                    boolean[] seen = {false};
                    slots.forEach(x -> seen[0] |= x == r);
                    if (!seen[0]) {
                      missing.incrementAndGet();
                    }
                    slots.remove(r);
                    registered.remove(r);
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(missing).hasValue(0);
    assertThat(slots.size()).isZero();
    assertThat(contents(slots)).isEmpty();
    assertThat(registered).isEmpty();
  }
}
