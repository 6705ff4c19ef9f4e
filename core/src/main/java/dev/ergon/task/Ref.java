package dev.ergon.task;

import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A dependency a task declares in a field initializer, so that a missing or mistyped name fails
 * when the worker starts, before any transaction is fetched:
 *
 * <pre>{@code
 * private final Ref<Connector> output = connectorRef("output");
 * private final Ref<PricingService> pricing = serviceRef("pricing", PricingService.class);
 * ...
 * output.get().dispatchTransactions(List.of(tx));
 * }</pre>
 *
 * <p>Thread-safe once resolved.
 *
 * @param <T> the dependency's type
 */
public final class Ref<T> {
  private final String description;
  private final Function<TaskContext, T> resolver;
  private volatile @Nullable T value;

  Ref(String description, Function<TaskContext, T> resolver) {
    this.description = description;
    this.resolver = resolver;
  }

  void resolve(TaskContext context) {
    value = Objects.requireNonNull(resolver.apply(context), description);
  }

  /**
   * The dependency.
   *
   * @return the resolved instance
   * @throws IllegalStateException before the worker started the task
   */
  public T get() {
    T v = value;
    if (v == null) {
      throw new IllegalStateException(
          description + " is resolved when the worker starts the task, not in the constructor");
    }
    return v;
  }

  @Override
  public String toString() {
    return "Ref[" + description + "]";
  }
}
