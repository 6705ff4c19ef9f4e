/**
 * HTTP connector on the JDK's {@code java.net.http.HttpClient} and Jackson: a paginated JSON API as
 * a polling source with a checkpoint ({@link dev.ergon.connector.http.HttpConnector}), dispatch by
 * POST or PUT, and {@link dev.ergon.connector.http.HttpService} for tasks that call the API
 * themselves.
 */
@NullMarked
package dev.ergon.connector.http;

import org.jspecify.annotations.NullMarked;
