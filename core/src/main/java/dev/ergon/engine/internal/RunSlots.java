package dev.ergon.engine.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The runs in flight of one loop, for the runtime-timeout watchdog and the health reports: a fixed
 * array of slots sized to the loop's concurrency, so that registering a run is one compare-and-set
 * on a slot the caller's lane usually finds free at its first try, and removing it one store: no
 * hashing, no node allocation and no shared counter per transaction. Runs beyond the slots (a
 * timed-out run whose thread is abandoned while its lane's replacement runs the next one) go to a
 * concurrent set. Thread-safe; iteration is weakly consistent.
 */
final class RunSlots<T extends RunSlots.Entry> {
  /** What the registry holds: something that remembers the slot it was given. */
  interface Entry {
    /** Records the slot {@link RunSlots#add} gave it. */
    void slot(int slot);

    /** The slot recorded, waiting the moment it may take to be recorded. */
    int awaitSlot();
  }

  /** Slot of a run that is not registered (yet). */
  static final int NONE = -2;

  /** Slot of a run that is registered in the overflow set. */
  static final int OVERFLOW = -1;

  private final AtomicReferenceArray<@Nullable T> slots;
  private final Set<T> overflow = ConcurrentHashMap.newKeySet();

  /** Where the loop thread's next search starts; written by one thread (the loop's), racy reads. */
  private int next;

  RunSlots(int capacity) {
    this.slots = new AtomicReferenceArray<>(Math.max(1, capacity));
  }

  int capacity() {
    return slots.length();
  }

  /**
   * Registers {@code run} and records its slot on it.
   *
   * @param hint the slot to try first (a lane's number), or negative to continue after the last one
   *     taken (the loop thread's starts)
   */
  void add(T run, int hint) {
    int n = slots.length();
    int start = hint >= 0 ? hint % n : next;
    for (int i = 0; i < n; i++) {
      int j = start + i < n ? start + i : start + i - n;
      if (slots.getPlain(j) == null && slots.compareAndExchange(j, null, run) == null) {
        if (hint < 0) {
          next = j + 1 < n ? j + 1 : 0;
        }
        run.slot(j);
        return;
      }
    }
    overflow.add(run);
    run.slot(OVERFLOW);
  }

  /** Removes a run registered with {@link #add}. */
  void remove(T run) {
    int slot = run.awaitSlot();
    if (slot == OVERFLOW) {
      overflow.remove(run);
    } else {
      slots.compareAndExchangeRelease(slot, run, null);
    }
  }

  void forEach(Consumer<? super T> action) {
    for (int i = 0; i < slots.length(); i++) {
      T run = slots.get(i);
      if (run != null) {
        action.accept(run);
      }
    }
    overflow.forEach(action);
  }

  int size() {
    int n = overflow.size();
    for (int i = 0; i < slots.length(); i++) {
      if (slots.get(i) != null) {
        n++;
      }
    }
    return n;
  }
}
