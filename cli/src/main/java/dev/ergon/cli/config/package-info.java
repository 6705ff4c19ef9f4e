/**
 * Configuration files and overrides: {@code ergon.yaml}, system properties {@code ergon.tasks.…}
 * and environment variables {@code ERGON_TASKS__…}, read once at the edge and turned into the typed
 * policy records of {@code ergon-core}.
 *
 * <p>{@link dev.ergon.cli.config.ErgonConfiguration#load} reads the sources; {@link
 * dev.ergon.cli.config.ErgonConfiguration#task(String)} gives one task's {@link
 * dev.ergon.cli.config.TaskSettings}, whose {@link
 * dev.ergon.cli.config.TaskSettings#applyTo(dev.ergon.task.TaskConfig)} lays the configured policy
 * keys over the policies given in code. Every error names the full key, the value and its source.
 */
@NullMarked
package dev.ergon.cli.config;

import org.jspecify.annotations.NullMarked;
