package dev.ergon.reliability;

import dev.ergon.examples.orders.OrdersApi;
import java.nio.file.Path;

/**
 * The HTTP queue's API of the suite's own for the restart scenario: an {@link OrdersApi} in this
 * process on a port of its own, stopped (connections refused) and started again on the same port
 * with the same items. The API is the suite's own code either way (the HTTP connector reads any
 * paginated JSON API); what the restart tests is the connector and the engine: fetches that fail
 * while the API is away, a checkpoint that does not move, and reading that resumes by itself.
 */
final class HttpApiServer implements OwnServer {
  private final OrdersApi api;

  private HttpApiServer(OrdersApi api) {
    this.api = api;
  }

  /**
   * An API bound once to a free port, then stopped.
   *
   * @param logs unused: the API logs nothing of its own
   * @return the server, stopped
   */
  static HttpApiServer create(Path logs) {
    OrdersApi api = OrdersApi.serve();
    api.stop();
    return new HttpApiServer(api);
  }

  @Override
  public void start() {
    api.start();
  }

  @Override
  public void stop() {
    api.stop();
  }

  @Override
  public String location() {
    return api.url();
  }

  @Override
  public String describe() {
    return "the orders API on " + api.url();
  }

  @Override
  public void close() {
    api.close();
  }
}
