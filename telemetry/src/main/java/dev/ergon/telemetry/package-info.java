/**
 * Per-worker OpenTelemetry SDK and Logback set-up: logs with trace ids, traces and metrics, flushed
 * on every exit path.
 */
@NullMarked
package dev.ergon.telemetry;

import org.jspecify.annotations.NullMarked;
