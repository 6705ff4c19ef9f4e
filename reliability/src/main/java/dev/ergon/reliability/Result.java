package dev.ergon.reliability;

import java.time.Duration;

/**
 * One row of the results table.
 *
 * @param scenario e.g. {@code kill -9}
 * @param backend the connector
 * @param transactions how many were sent
 * @param lost sent but never processed
 * @param duplicates processings beyond the first of an id
 * @param allowedDuplicates the bound: the in-flight limit after a kill, 0 after SIGTERM
 * @param timeToFinish from the fault until the successor had processed every transaction
 * @param faultExitCode the exit code of the worker the fault hit (137 for SIGKILL, 143 SIGTERM)
 */
public record Result(
    String scenario,
    Backend backend,
    int transactions,
    long lost,
    long duplicates,
    long allowedDuplicates,
    Duration timeToFinish,
    int faultExitCode) {

  /**
   * Whether the row meets the guarantees: nothing lost, duplicates within the bound, the expected
   * exit code.
   *
   * @return true when it does
   */
  public boolean passed() {
    int expectedCode = scenario.startsWith("kill") ? 137 : 143;
    return lost == 0 && duplicates <= allowedDuplicates && faultExitCode == expectedCode;
  }
}
