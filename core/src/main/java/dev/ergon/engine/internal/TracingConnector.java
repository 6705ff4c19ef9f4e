package dev.ergon.engine.internal;

import dev.ergon.connector.Connector;
import dev.ergon.connector.ForwardingConnector;
import dev.ergon.transaction.Transaction;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The view of a connector that tasks get: dispatching writes the current trace context (W3C {@code
 * traceparent}, {@code tracestate}) into each outbound transaction's metadata, unless it already
 * carries one, so that connectors map it to message headers and the next task continues the trace.
 * Everything else is forwarded unchanged.
 */
final class TracingConnector extends ForwardingConnector {
  private final TextMapPropagator propagator;

  TracingConnector(Connector delegate, TextMapPropagator propagator) {
    super(delegate);
    this.propagator = propagator;
  }

  /** The transactions with the current trace context in their metadata. */
  static List<Transaction> withTraceContext(List<Transaction> txs, TextMapPropagator propagator) {
    Context current = Context.current();
    if (!Span.fromContext(current).getSpanContext().isValid()) {
      return txs;
    }
    List<Transaction> out = new ArrayList<>(txs.size());
    for (Transaction tx : txs) {
      if (tx.metadata().containsKey("traceparent")) {
        out.add(tx);
        continue;
      }
      Map<String, String> carrier = new HashMap<>();
      propagator.inject(current, carrier, (map, key, value) -> map.put(key, value));
      out.add(carrier.isEmpty() ? tx : tx.withMetadata(carrier));
    }
    return out;
  }

  @Override
  public void dispatchTransactions(List<Transaction> transactions) throws Exception {
    super.dispatchTransactions(withTraceContext(transactions, propagator));
  }

  @Override
  public String toString() {
    return delegate().toString();
  }
}
