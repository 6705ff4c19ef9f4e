/**
 * Services: plain objects that own a protocol (connections, auth, pagination) and that tasks reach
 * by name.
 */
@NullMarked
package dev.ergon.service;

import org.jspecify.annotations.NullMarked;
