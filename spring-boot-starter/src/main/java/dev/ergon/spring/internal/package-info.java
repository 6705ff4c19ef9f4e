/** Implementation of the Spring Boot starter; not part of its API. */
@NullMarked
package dev.ergon.spring.internal;

import org.jspecify.annotations.NullMarked;
