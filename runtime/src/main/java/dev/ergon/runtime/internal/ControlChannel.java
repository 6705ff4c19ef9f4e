package dev.ergon.runtime.internal;

import dev.ergon.runtime.internal.ShutdownCoordinator.Cause;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker side of the parent's control channel: a worker process started by a parent reads lines
 * from its standard input; {@code INT} and {@code TERM} are signals the parent forwards, and the
 * end of input means the parent is gone, which stops the worker gracefully (as SIGTERM).
 *
 * <p>Forwarding through a pipe rather than with {@code kill} lets a worker tell a forwarded signal
 * from the same signal sent to its whole process group (a terminal's Ctrl-C), so one Ctrl-C is not
 * taken for two; and it stops orphaned workers when the parent is killed.
 */
public final class ControlChannel {
  private static final Logger LOG = LoggerFactory.getLogger(ControlChannel.class);

  /** The line a parent writes to forward SIGINT. */
  public static final String INT = "INT";

  /** The line a parent writes to forward SIGTERM. */
  public static final String TERM = "TERM";

  private ControlChannel() {}

  /**
   * Starts reading {@code in} on a daemon thread.
   *
   * @param in the worker's standard input
   * @param coordinator receives the requests
   */
  public static void start(InputStream in, ShutdownCoordinator coordinator) {
    Thread.ofPlatform()
        .daemon(true)
        .name("ergon-control-channel")
        .start(() -> read(in, coordinator));
  }

  private static void read(InputStream in, ShutdownCoordinator coordinator) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        switch (line.trim()) {
          case INT -> coordinator.request(Cause.SIGINT, "parent", "SIGINT forwarded by the parent");
          case TERM ->
              coordinator.request(Cause.SIGTERM, "parent", "SIGTERM forwarded by the parent");
          default -> LOG.debug("control channel: ignoring '{}'", line);
        }
      }
    } catch (IOException e) {
      LOG.debug("control channel closed: {}", e.toString());
    }
    coordinator.request(Cause.SIGTERM, "parent-gone", "the parent process went away");
  }
}
