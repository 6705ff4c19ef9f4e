package dev.ergon.reliability;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

/**
 * A worker JVM ({@link ReliabilityWorker}) and the file its output goes to.
 *
 * @param name the worker's name in the ledger
 * @param process the process
 * @param logFile its standard output and error
 */
record WorkerProcess(String name, Process process, File logFile) {
  /** What the worker prints once its connector is open (see {@link ReliabilityWorker}). */
  static final String READY = "ergon-reliability: connector open";

  /**
   * SIGKILL; returns the exit code (137).
   *
   * @return the exit code
   * @throws InterruptedException when interrupted while waiting
   */
  int kill() throws InterruptedException {
    process.destroyForcibly();
    return waitFor();
  }

  /**
   * SIGTERM; returns the exit code.
   *
   * @return the exit code
   * @throws InterruptedException when interrupted while waiting
   */
  int terminate() throws InterruptedException {
    process.destroy();
    return waitFor();
  }

  private int waitFor() throws InterruptedException {
    if (!process.waitFor(Scenarios.PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
    return process.exitValue();
  }

  /**
   * How many times {@code text} occurs in the log so far.
   *
   * @param text what to count
   * @return the count, 0 when the log cannot be read yet
   */
  int count(String text) {
    String log;
    try {
      log = Files.readString(logFile.toPath(), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return 0;
    }
    int n = 0;
    for (int at = log.indexOf(text); at >= 0; at = log.indexOf(text, at + text.length())) {
      n++;
    }
    return n;
  }

  /**
   * The log's path, for messages.
   *
   * @return the path
   */
  String log() {
    return logFile.toString();
  }
}
