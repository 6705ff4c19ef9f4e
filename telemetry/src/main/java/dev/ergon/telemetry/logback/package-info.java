/**
 * Logback parts that put the trace context and the transaction into every record: converters for
 * plain patterns and a JSON-lines encoder. {@link dev.ergon.telemetry.ErgonTelemetry} uses them for
 * the handlers of a {@link dev.ergon.telemetry.LoggingConfig}; a user's own {@code logback.xml} can
 * use them too:
 *
 * <pre>{@code
 * <configuration>
 *   <conversionRule conversionWord="ergonContext"
 *                   converterClass="dev.ergon.telemetry.logback.ErgonContextConverter"/>
 *   <appender name="console" class="ch.qos.logback.core.ConsoleAppender">
 *     <encoder><pattern>%d %-5level [%thread] %logger{36}%ergonContext - %msg%n</pattern></encoder>
 *   </appender>
 *   <appender name="json" class="ch.qos.logback.core.FileAppender">
 *     <file>logs/app.jsonl</file>
 *     <encoder class="dev.ergon.telemetry.logback.JsonLineEncoder"/>
 *   </appender>
 *   <root level="INFO"><appender-ref ref="console"/><appender-ref ref="json"/></root>
 * </configuration>
 * }</pre>
 */
@NullMarked
package dev.ergon.telemetry.logback;

import org.jspecify.annotations.NullMarked;
