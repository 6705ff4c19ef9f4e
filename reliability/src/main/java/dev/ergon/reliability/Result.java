package dev.ergon.reliability;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One row of the results table.
 *
 * @param scenario e.g. {@code kill -9}
 * @param backend the connector
 * @param transactions how many were sent
 * @param lost sent but never processed
 * @param duplicates processings beyond the first of an id
 * @param allowedDuplicates the bound: the in-flight limit after a kill or a restart, 0 otherwise
 * @param timeToFinish from the fault (or, without one, from the start) until every transaction was
 *     processed
 * @param exitCode the exit code the scenario checks: of the worker the fault hit (137 for SIGKILL,
 *     143 for SIGTERM), or of the workers stopped with SIGTERM at the end (the first that differs
 *     from 143, if any)
 * @param expectedExitCode the exit code that passes
 * @param timeToResume after a restart of the server: from the server accepting connections again to
 *     the worker's first new ledger entry; null for the other scenarios
 * @param note what else the row says (e.g. each worker's share); empty when nothing
 * @param limitsMet whether the scenario's own limits held (the backlog's peak heap bound); true for
 *     the scenarios without one
 */
public record Result(
    String scenario,
    Backend backend,
    int transactions,
    long lost,
    long duplicates,
    long allowedDuplicates,
    Duration timeToFinish,
    int exitCode,
    int expectedExitCode,
    @Nullable Duration timeToResume,
    String note,
    boolean limitsMet) {

  /**
   * A row without limits of its own.
   *
   * @param scenario e.g. {@code kill -9}
   * @param backend the connector
   * @param transactions how many were sent
   * @param lost sent but never processed
   * @param duplicates processings beyond the first of an id
   * @param allowedDuplicates the bound
   * @param timeToFinish from the fault until every transaction was processed
   * @param exitCode the exit code the scenario checks
   * @param expectedExitCode the exit code that passes
   * @param timeToResume the time to resume after a restart, or null
   * @param note what else the row says
   */
  public Result(
      String scenario,
      Backend backend,
      int transactions,
      long lost,
      long duplicates,
      long allowedDuplicates,
      Duration timeToFinish,
      int exitCode,
      int expectedExitCode,
      @Nullable Duration timeToResume,
      String note) {
    this(
        scenario,
        backend,
        transactions,
        lost,
        duplicates,
        allowedDuplicates,
        timeToFinish,
        exitCode,
        expectedExitCode,
        timeToResume,
        note,
        true);
  }

  /**
   * A row without a restart or a note.
   *
   * @param scenario e.g. {@code kill -9}
   * @param backend the connector
   * @param transactions how many were sent
   * @param lost sent but never processed
   * @param duplicates processings beyond the first of an id
   * @param allowedDuplicates the bound
   * @param timeToFinish from the fault until every transaction was processed
   * @param exitCode the exit code the scenario checks
   * @param expectedExitCode the exit code that passes
   */
  public Result(
      String scenario,
      Backend backend,
      int transactions,
      long lost,
      long duplicates,
      long allowedDuplicates,
      Duration timeToFinish,
      int exitCode,
      int expectedExitCode) {
    this(
        scenario,
        backend,
        transactions,
        lost,
        duplicates,
        allowedDuplicates,
        timeToFinish,
        exitCode,
        expectedExitCode,
        null,
        "",
        true);
  }

  /**
   * The time to resume after a restart, when the scenario restarts a server.
   *
   * @return the time, or empty
   */
  public Optional<Duration> resumed() {
    return Optional.ofNullable(timeToResume);
  }

  /**
   * Whether the row meets the guarantees: nothing lost, duplicates within the bound, the expected
   * exit code, the scenario's own limits.
   *
   * @return true when it does
   */
  public boolean passed() {
    return lost == 0
        && duplicates <= allowedDuplicates
        && exitCode == expectedExitCode
        && limitsMet;
  }
}
