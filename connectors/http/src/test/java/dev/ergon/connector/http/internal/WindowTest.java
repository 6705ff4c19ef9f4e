package dev.ergon.connector.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The checkpoint never passes an unsettled item; a restart skips what was settled. */
class WindowTest {

  @Test
  void theCheckpointStaysAtTheFirstPageWithAnUnsettledItem() {
    Window w = new Window(Checkpoint.start("src", "p1"));
    assertThat(w.accept("p1", List.of("a", "b"), "p2")).containsExactly("a", "b");
    assertThat(w.accept("p2", List.of("c", "d"), "p3")).containsExactly("c", "d");
    w.settle("a");
    w.settle("c");
    w.settle("d");
    assertThat(w.checkpoint()).isEqualTo(new Checkpoint("src", "p1", 0, List.of("a", "c", "d")));
    w.settle("b");
    assertThat(w.checkpoint()).isEqualTo(new Checkpoint("src", "p3", 4, List.of()));
    assertThat(w.settled()).isEqualTo(4);
    assertThat(w.settle("b")).isFalse();
  }

  @Test
  void theLastPageIsKeptAndReadingItAgainYieldsOnlyNewItems() {
    Window w = new Window(Checkpoint.start("src", "p1"));
    w.accept("p1", List.of("a"), null);
    w.settle("a");
    assertThat(w.checkpoint()).isEqualTo(new Checkpoint("src", "p1", 0, List.of("a")));
    assertThat(w.accept("p1", List.of("a", "b"), null)).containsExactly("b");
    assertThat(w.accept("p1", List.of("a", "b", "c"), "p2")).containsExactly("c");
    w.settle("b");
    w.settle("c");
    assertThat(w.checkpoint()).isEqualTo(new Checkpoint("src", "p2", 3, List.of()));
  }

  @Test
  void aRestartSkipsTheItemsSettledFromTheCheckpointOn() {
    Window w = new Window(new Checkpoint("src", "p2", 4, List.of("c", "e")));
    assertThat(w.accept("p2", List.of("c", "d"), "p3")).containsExactly("d");
    assertThat(w.accept("p3", List.of("e", "f"), null)).containsExactly("f");
    assertThat(w.checkpoint().done()).containsExactlyInAnyOrder("c", "e");
    w.settle("d");
    assertThat(w.checkpoint()).isEqualTo(new Checkpoint("src", "p3", 6, List.of("e")));
    assertThat(w.isUnsettled("f")).isTrue();
    assertThat(w.unsettled()).isEqualTo(1);
  }
}
