package dev.ergon.bench.harness;

/** Prepares one pass of a row: the setup is not timed, {@link Pass#run()} is. */
@FunctionalInterface
public interface RowRunner {

  /**
   * Sets up a pass over {@code transactions} transactions (fills queues, creates tables).
   *
   * @param transactions how many transactions the pass processes
   * @return the prepared pass
   * @throws Exception when setting up fails
   */
  Pass prepare(int transactions) throws Exception;
}
