/**
 * Spring Boot auto-configuration for Ergon: {@link dev.ergon.task.TaskConfig} and {@link
 * dev.ergon.cli.TaskDefinition} beans run on application start ({@link
 * dev.ergon.spring.ErgonTasks}), policies bind from {@code ergon.tasks.<task>.…}, and liveness and
 * readiness feed Actuator's health groups.
 */
@NullMarked
package dev.ergon.spring;

import org.jspecify.annotations.NullMarked;
