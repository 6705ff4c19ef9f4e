package dev.ergon.connector.http.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The pages read from the checkpoint on, with the items of each still unsettled. The checkpoint is
 * the first page that has an unsettled item: it never moves past one. A page that is the last one
 * (no next page) stays in the window even when settled, since it is read again for new items; its
 * settled keys are skipped then. Not thread-safe; the connector serializes calls.
 */
public final class Window {

  /** One page: its URL, its next page, its item keys and which of them are unsettled. */
  private static final class Page {
    final String url;
    @Nullable String next;
    final Set<String> keys = new LinkedHashSet<>();
    final Set<String> unsettled = new HashSet<>();

    Page(String url) {
      this.url = url;
    }
  }

  private final String source;
  private final ArrayDeque<Page> pages = new ArrayDeque<>();
  private final Map<String, Page> byKey = new HashMap<>();
  private final Set<String> carried;
  private long passed;
  private String position;

  /**
   * A window resuming at a checkpoint.
   *
   * @param checkpoint where to resume
   */
  public Window(Checkpoint checkpoint) {
    this.source = checkpoint.source();
    this.position = checkpoint.url();
    this.passed = checkpoint.passed();
    this.carried = new HashSet<>(checkpoint.done());
  }

  /**
   * Registers a page just read. Keys already in the window (in flight or settled), or settled
   * before a restart, are not new.
   *
   * @param url the page's URL
   * @param keys its item keys, in order
   * @param next the next page's URL, or null when it is the last page
   * @return the new keys, in order: to be handed out (or dead-lettered) and settled
   */
  public List<String> accept(String url, List<String> keys, @Nullable String next) {
    Page page = pages.peekLast();
    if (page == null || !page.url.equals(url)) {
      page = new Page(url);
      pages.addLast(page);
    }
    page.next = url.equals(next) ? null : next;
    List<String> fresh = new ArrayList<>();
    for (String k : keys) {
      if (byKey.containsKey(k)) {
        continue;
      }
      page.keys.add(k);
      byKey.put(k, page);
      if (carried.remove(k)) {
        continue;
      }
      page.unsettled.add(k);
      fresh.add(k);
    }
    advance();
    return fresh;
  }

  /**
   * Settles a key (acknowledged or dead-lettered).
   *
   * @param key the item key
   * @return true when it was unsettled in the window (the checkpoint may have changed)
   */
  public boolean settle(String key) {
    Page p = byKey.get(key);
    if (p == null || !p.unsettled.remove(key)) {
      return false;
    }
    advance();
    return true;
  }

  /**
   * Whether a key was handed out and is not settled.
   *
   * @param key the item key
   * @return true when unsettled
   */
  public boolean isUnsettled(String key) {
    Page p = byKey.get(key);
    return p != null && p.unsettled.contains(key);
  }

  private void advance() {
    while (!pages.isEmpty()) {
      Page head = pages.peekFirst();
      if (!head.unsettled.isEmpty() || head.next == null) {
        return;
      }
      pages.pollFirst();
      passed += head.keys.size();
      head.keys.forEach(byKey::remove);
      position = head.next;
    }
  }

  /**
   * The checkpoint now.
   *
   * @return the first page with an unsettled item (or the last page, or the next one to read), the
   *     items before it and the keys settled from it on
   */
  public Checkpoint checkpoint() {
    Page head = pages.peekFirst();
    List<String> done = new ArrayList<>(carried);
    for (Page p : pages) {
      for (String k : p.keys) {
        if (!p.unsettled.contains(k)) {
          done.add(k);
        }
      }
    }
    return new Checkpoint(source, head == null ? position : head.url, passed, done);
  }

  /**
   * How many items were settled from the start of the source.
   *
   * @return the count
   */
  public long settled() {
    long n = passed + carried.size();
    for (Page p : pages) {
      n += p.keys.size() - p.unsettled.size();
    }
    return n;
  }

  /**
   * How many handed-out items are unsettled.
   *
   * @return the count
   */
  public int unsettled() {
    int n = 0;
    for (Page p : pages) {
      n += p.unsettled.size();
    }
    return n;
  }

  /**
   * How many pages the window holds.
   *
   * @return the count
   */
  public int pages() {
    return pages.size();
  }
}
