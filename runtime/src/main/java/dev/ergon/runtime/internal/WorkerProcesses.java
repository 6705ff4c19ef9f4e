package dev.ergon.runtime.internal;

import dev.ergon.runtime.ExitCodes;
import dev.ergon.runtime.RunOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parent of a run with {@code max_workers > 1}: starts that many worker processes running this
 * JVM's own command line with {@code ERGON_WORKER_INDEX}, {@code ERGON_WORKER_COUNT} and {@code
 * ERGON_CONTROL=stdin}, inheriting standard output and error; forwards SIGINT and SIGTERM to each
 * through its standard input (see {@link ControlChannel}); restarts nothing; waits for all and
 * returns the worst exit code ({@link ExitCodes#worst}). A worker still alive {@code
 * shutdown_grace} + 10 s after a forwarded signal is killed.
 */
public final class WorkerProcesses {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerProcesses.class);
  private static final Duration KILL_MARGIN = Duration.ofSeconds(10);

  private final String taskName;
  private final int count;
  private final RunOptions options;
  private final List<Process> workers = new ArrayList<>();
  private @Nullable String forwarded;
  private long signalledAt;

  /**
   * Prepares the parent.
   *
   * @param taskName the task's name, for logs
   * @param count how many workers
   * @param options the run options (shutdown grace, health port)
   */
  public WorkerProcesses(String taskName, int count, RunOptions options) {
    this.taskName = taskName;
    this.count = count;
    this.options = options;
  }

  /**
   * Starts the workers and waits for them.
   *
   * @return the worst worker exit code; 1 when a worker could not be started
   */
  public int run() {
    try (Signals signals = Signals.install(this::forward, "INT", "TERM");
        ParentHealth health = ParentHealth.start(options, this::snapshot)) {
      List<String> command = ChildCommand.current();
      LOG.info("task '{}': starting {} worker processes: {}", taskName, count, command);
      for (int i = 0; i < count; i++) {
        if (!startWorker(command, i)) {
          forward("TERM");
          return ExitCodes.worse(awaitAll(), ExitCodes.FAILURE);
        }
      }
      int code = awaitAll();
      LOG.info("task '{}': all {} worker processes ended; exit code {}", taskName, count, code);
      return code;
    }
  }

  private boolean startWorker(List<String> command, int index) {
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    env.put(WorkerIdentity.INDEX_ENV, Integer.toString(index));
    env.put(WorkerIdentity.COUNT_ENV, Integer.toString(count));
    env.put(WorkerIdentity.CONTROL_ENV, "stdin");
    pb.redirectOutput(ProcessBuilder.Redirect.INHERIT);
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.redirectInput(ProcessBuilder.Redirect.PIPE);
    try {
      Process p = pb.start();
      String late;
      synchronized (this) {
        workers.add(p);
        late = forwarded;
      }
      LOG.info("task '{}': worker {} of {} started (pid {})", taskName, index, count, p.pid());
      if (late != null) {
        send(p, late);
      }
      return true;
    } catch (IOException e) {
      LOG.error("task '{}': cannot start worker {}: {}", taskName, index, e.toString());
      return false;
    }
  }

  /** Forwards a signal to every worker; the workers count repeats themselves. */
  private void forward(String signal) {
    List<Process> targets;
    synchronized (this) {
      if (forwarded == null) {
        signalledAt = System.nanoTime();
      }
      forwarded = signal;
      targets = List.copyOf(workers);
    }
    LOG.info(
        "task '{}': SIG{} received; forwarding to {} workers", taskName, signal, targets.size());
    for (Process p : targets) {
      send(p, signal);
    }
  }

  private static void send(Process p, String signal) {
    try {
      OutputStream in = p.getOutputStream();
      in.write((signal + "\n").getBytes(StandardCharsets.US_ASCII));
      in.flush();
    } catch (IOException e) {
      LOG.debug("worker {} did not take the signal (it has ended?): {}", p.pid(), e.toString());
    }
  }

  private int awaitAll() {
    List<Process> all;
    synchronized (this) {
      all = List.copyOf(workers);
    }
    List<Integer> codes = new ArrayList<>();
    for (Process p : all) {
      codes.add(await(p));
    }
    return ExitCodes.worst(codes);
  }

  private int await(Process p) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          if (p.waitFor(200, TimeUnit.MILLISECONDS)) {
            int code = p.exitValue();
            LOG.info("task '{}': worker process {} exited with {}", taskName, p.pid(), code);
            return code;
          }
          killIfOverdue(p);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void killIfOverdue(Process p) {
    long since;
    synchronized (this) {
      if (forwarded == null) {
        return;
      }
      since = System.nanoTime() - signalledAt;
    }
    if (since > options.effectiveShutdownGrace().plus(KILL_MARGIN).toNanos() && p.isAlive()) {
      LOG.error("task '{}': worker process {} did not stop in time; killing it", taskName, p.pid());
      p.destroyForcibly();
    }
  }

  /** The workers' state for the parent's health endpoint. */
  private synchronized ParentHealth.Snapshot snapshot() {
    int alive = 0;
    List<Integer> failed = new ArrayList<>();
    for (Process p : workers) {
      if (p.isAlive()) {
        alive++;
      } else if (ExitCodes.severity(p.exitValue()) > ExitCodes.severity(ExitCodes.SIGTERM)) {
        failed.add(p.exitValue());
      }
    }
    return new ParentHealth.Snapshot(count, workers.size(), alive, failed, forwarded != null);
  }
}
