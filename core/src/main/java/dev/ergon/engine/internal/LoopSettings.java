package dev.ergon.engine.internal;

import dev.ergon.policy.ConsumerLoopPolicy;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.EmptyQueuePolicy;
import dev.ergon.policy.LoopMode;
import dev.ergon.policy.ProducerLoopPolicy;
import dev.ergon.policy.ProducerPolicy;
import dev.ergon.policy.ThreadKind;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** The loop-shaping part of a consumer or producer policy, in one form for {@link LoopRunner}. */
record LoopSettings(
    String policyName,
    LoopMode mode,
    int concurrency,
    ThreadKind threads,
    int batchSize,
    Duration batchInterval,
    boolean streaming,
    @Nullable Duration timeout,
    @Nullable Long limit,
    EmptyQueuePolicy emptyQueue,
    @Nullable Duration runtimeTimeout) {

  static LoopSettings of(ConsumerPolicy p) {
    ConsumerLoopPolicy loop = p.loop();
    return new LoopSettings(
        p.name(),
        loop.mode(),
        loop.concurrency().value(),
        loop.concurrency().threads(),
        loop.batch().size(),
        loop.batch().interval(),
        loop.streaming(),
        loop.timeout(),
        loop.limit(),
        loop.emptyQueue(),
        p.transactionRuntime().timeout());
  }

  /** A producer works through its source in batches, as a non-streaming batch loop. */
  static LoopSettings of(ProducerPolicy p) {
    ProducerLoopPolicy loop = p.loop();
    return new LoopSettings(
        p.name(),
        LoopMode.BATCH,
        loop.concurrency().value(),
        loop.concurrency().threads(),
        loop.batch().size(),
        loop.batch().interval(),
        false,
        loop.timeout(),
        loop.limit(),
        EmptyQueuePolicy.defaults(),
        p.transactionRuntime().timeout());
  }
}
