/**
 * Implementation of the telemetry set-up: SDK assembly, resource detection, Logback appenders,
 * converters and the JSON encoder. Not part of the API.
 */
@NullMarked
package dev.ergon.telemetry.internal;

import org.jspecify.annotations.NullMarked;
