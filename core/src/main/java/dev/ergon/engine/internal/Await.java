package dev.ergon.engine.internal;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * Bridges {@link CompletionStage} onto the engine's blocking lifecycle: waits for a stage, unwraps
 * its failure, and cancels it when the waiting thread is interrupted (a timeout or a stop), so
 * asynchronous work is cancelled rather than left running.
 */
public final class Await {
  private Await() {}

  /**
   * Waits for {@code stage}.
   *
   * @param stage the stage
   * @param <T> its value type
   * @return its value
   * @throws Exception the stage's own failure, unwrapped; InterruptedException when interrupted
   */
  public static <T extends @Nullable Object> T await(CompletionStage<T> stage) throws Exception {
    CompletableFuture<T> f = stage.toCompletableFuture();
    try {
      return f.get();
    } catch (InterruptedException e) {
      f.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw e;
    } catch (CancellationException e) {
      throw e;
    }
  }
}
