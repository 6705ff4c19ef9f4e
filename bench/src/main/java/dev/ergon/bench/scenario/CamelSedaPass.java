package dev.ergon.bench.scenario;

import dev.ergon.bench.harness.Pass;
import dev.ergon.transaction.Transaction;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Apache Camel 4: a {@code seda} route with N concurrent consumers and the same no-op work. The
 * route's queue is filled before the route starts (untimed), as the other rows' queues are.
 */
final class CamelSedaPass implements Pass {
  private final CamelContext camel = new DefaultCamelContext();
  private final CountDownLatch done;

  CamelSedaPass(List<Transaction> txs, int consumers) throws Exception {
    this.done = new CountDownLatch(txs.size());
    String uri = "seda:bench?size=" + (txs.size() + 1) + "&concurrentConsumers=" + consumers;
    camel.addRoutes(
        new RouteBuilder() {
          @Override
          public void configure() {
            from(uri)
                .routeId("bench")
                .autoStartup(false)
                .process(
                    e -> {
                      NoopHooks.sink = e.getIn().getBody(Transaction.class).payload();
                      done.countDown();
                    });
          }
        });
    camel.start();
    try (ProducerTemplate producer = camel.createProducerTemplate()) {
      for (Transaction tx : txs) {
        producer.sendBody(uri, tx);
      }
    }
  }

  @Override
  public void run() throws Exception {
    camel.getRouteController().startRoute("bench");
    if (!done.await(30, TimeUnit.MINUTES)) {
      throw new IllegalStateException("Camel left " + done.getCount() + " transactions");
    }
  }

  @Override
  public void close() throws Exception {
    camel.close();
  }
}
