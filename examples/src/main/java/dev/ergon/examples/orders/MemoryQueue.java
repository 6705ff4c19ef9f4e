package dev.ergon.examples.orders;

import dev.ergon.connector.Connector;
import dev.ergon.test.InMemoryConnector;

/** {@link OrderQueue#memory()}: one shared in-memory queue, a channel onto it per connector. */
final class MemoryQueue implements OrderQueue {
  private final InMemoryConnector shared = new InMemoryConnector();

  @Override
  public Connector open() {
    return shared.channel();
  }

  @Override
  public void prepare() {}

  @Override
  public long pending() {
    return shared.ready().size() + shared.inFlight().size();
  }

  @Override
  public void clear() {
    // A memory queue starts empty with its process; what it holds now is this run's.
  }

  @Override
  public void delete() {}

  @Override
  public boolean durable() {
    return false;
  }

  @Override
  public String describe() {
    return "memory (lost when the process ends)";
  }
}
