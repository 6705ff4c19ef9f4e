package dev.ergon.cli;

import dev.ergon.cli.config.TaskSettings;
import java.io.PrintWriter;

/**
 * What {@code ergon run} hands a {@link TaskLauncher} besides the task's configuration.
 *
 * <p>The configuration's policies, {@code max_workers} and supervision are already applied to the
 * task's {@code TaskConfig}; {@link #observer()} is the outcome listener and engine observer of
 * each in-process worker.
 *
 * @param task the task's settings: free-form connector and service settings, telemetry
 * @param observer receives outcomes, the started engine and the result (progress and summary)
 * @param err where a launcher writes warnings
 */
public record CliSettings(TaskSettings task, RunObserver observer, PrintWriter err) {}
