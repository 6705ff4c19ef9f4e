package dev.ergon.runtime.internal;

import dev.ergon.ConfigurationException;
import dev.ergon.runtime.RunOptions;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Which role this process plays in a run: a parent of worker processes, or one worker with its
 * index and the total. From, in order: the options' explicit worker, the {@code
 * ERGON_WORKER_INDEX}/{@code ERGON_WORKER_COUNT} environment variables, the task's {@code
 * max_workers}.
 *
 * @param index this worker's index (0 for a parent)
 * @param count the number of workers
 * @param parent whether this process starts {@code count} worker processes instead of working
 * @param spawned whether a parent started this worker (it then listens on its control channel)
 */
public record WorkerIdentity(int index, int count, boolean parent, boolean spawned) {
  /** The environment variable holding a worker's index. */
  public static final String INDEX_ENV = "ERGON_WORKER_INDEX";

  /** The environment variable holding the number of workers. */
  public static final String COUNT_ENV = "ERGON_WORKER_COUNT";

  /** The environment variable a parent sets on its workers: {@code stdin}. */
  public static final String CONTROL_ENV = "ERGON_CONTROL";

  /**
   * Resolves the identity.
   *
   * @param options the run options
   * @param env the environment
   * @param maxWorkers the task's {@code max_workers}
   * @return the identity
   * @throws ConfigurationException when the environment variables are invalid
   */
  public static WorkerIdentity resolve(
      RunOptions options, Map<String, String> env, int maxWorkers) {
    Integer index = options.workerIndex();
    Integer count = options.workerCount();
    if (index != null && count != null) {
      return new WorkerIdentity(index, count, false, false);
    }
    String i = env.get(INDEX_ENV);
    String n = env.get(COUNT_ENV);
    if (i != null || n != null) {
      int idx = parse(INDEX_ENV, i);
      int cnt = parse(COUNT_ENV, n);
      if (cnt < 1) {
        throw new ConfigurationException(COUNT_ENV, n, ">= 1");
      }
      if (idx < 0 || idx >= cnt) {
        throw new ConfigurationException(INDEX_ENV, i, "between 0 and " + (cnt - 1));
      }
      return new WorkerIdentity(idx, cnt, false, "stdin".equals(env.get(CONTROL_ENV)));
    }
    return maxWorkers > 1
        ? new WorkerIdentity(0, maxWorkers, true, false)
        : new WorkerIdentity(0, 1, false, false);
  }

  private static int parse(String key, @Nullable String value) {
    if (value == null) {
      throw new ConfigurationException(
          INDEX_ENV + " and " + COUNT_ENV + " must be set together, but " + key + " is not set");
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new ConfigurationException(key, value, "an integer");
    }
  }
}
