package dev.ergon.task;

import dev.ergon.ConfigurationException;
import dev.ergon.engine.ConsumerHooks;
import dev.ergon.engine.internal.Await;

/**
 * How runners drive any of the six task types the same way: execute, exit, and the consumer phases
 * for single-transaction execution. Asynchronous tasks are awaited.
 */
public final class Tasks {
  private Tasks() {}

  /**
   * Runs the task's {@code execute()} to completion.
   *
   * @param task the task
   * @throws Exception what {@code execute()} failed with
   */
  public static void execute(Task task) throws Exception {
    switch (task) {
      case ConsumerTask<?> t -> t.execute();
      case ProducerTask<?> t -> t.execute();
      case HybridTask<?, ?> t -> t.execute();
      case AsyncConsumerTask<?> t -> Await.await(t.execute());
      case AsyncProducerTask<?> t -> Await.await(t.execute());
      case AsyncHybridTask<?, ?> t -> Await.await(t.execute());
    }
  }

  /**
   * Runs the task's {@code exit()} to completion.
   *
   * @param task the task
   * @throws Exception what {@code exit()} failed with
   */
  public static void exit(Task task) throws Exception {
    switch (task) {
      case ConsumerTask<?> t -> t.exit();
      case ProducerTask<?> t -> t.exit();
      case HybridTask<?, ?> t -> t.exit();
      case AsyncConsumerTask<?> t -> Await.await(t.exit());
      case AsyncProducerTask<?> t -> Await.await(t.exit());
      case AsyncHybridTask<?, ?> t -> Await.await(t.exit());
    }
  }

  /**
   * The consumer phases of a consumer or hybrid task, in their blocking shape.
   *
   * @param task the task
   * @return its consumer hooks
   * @throws ConfigurationException when the task does not consume (a producer)
   */
  public static ConsumerHooks<?> consumerHooks(Task task) {
    return switch (task) {
      case ConsumerTask<?> t -> t;
      case HybridTask<?, ?> t -> t;
      case AsyncConsumerTask<?> t -> TaskSupport.hooks(t);
      case AsyncHybridTask<?, ?> t -> TaskSupport.hooks(asConsumer(t));
      case ProducerTask<?> t -> throw notConsumer(t);
      case AsyncProducerTask<?> t -> throw notConsumer(t);
    };
  }

  private static <R> TaskSupport.AsyncConsumerHooks<R> asConsumer(AsyncHybridTask<R, ?> t) {
    return t;
  }

  private static ConfigurationException notConsumer(Task t) {
    return new ConfigurationException(
        "task "
            + t.getClass().getName()
            + " is a producer; processing a single transaction needs a consumer or hybrid task");
  }
}
