package dev.ergon.cli.config;

import dev.ergon.ConfigurationException;
import dev.ergon.policy.ConsumerLoopPolicy;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.EmptyQueuePolicy;
import dev.ergon.policy.LoopMode;
import dev.ergon.policy.Policy;
import dev.ergon.policy.ProducerPolicy;
import dev.ergon.policy.RetryPolicy;
import dev.ergon.policy.SettlementMode;
import dev.ergon.policy.ThreadKind;
import dev.ergon.policy.UnhandledAction;
import java.util.ArrayList;
import java.util.List;

/**
 * The configuration keys of consumer and producer policies, and how each is laid over a policy
 * given in code. Every key is checked; a value the core records reject is reported with the full
 * key, the value and the source.
 */
final class PolicyKeys {
  private static final List<String> PHASE_RETRY_PREFIXES_CONSUMER =
      List.of("fetch.retry.", "process.retry.", "success.retry.", "exception.retry.");
  private static final List<String> PHASE_RETRY_PREFIXES_PRODUCER =
      List.of("prepare.retry.", "success.retry.", "exception.retry.");

  /** Every key of a consumer policy. */
  static final List<String> CONSUMER =
      keys(
          List.of(
              "loop.mode",
              "loop.concurrency.value",
              "loop.concurrency.threads",
              "loop.batch.size",
              "loop.batch.interval",
              "loop.streaming",
              "loop.timeout",
              "loop.limit",
              "loop.empty_queue.backoff",
              "loop.empty_queue.backoff_multiplier",
              "loop.empty_queue.backoff_cap",
              "fetch.connector_name",
              "transaction_runtime.timeout",
              "settlement.mode",
              "settlement.on_unhandled"),
          PHASE_RETRY_PREFIXES_CONSUMER);

  /** Every key of a producer policy. */
  static final List<String> PRODUCER =
      keys(
          List.of(
              "loop.concurrency.value",
              "loop.concurrency.threads",
              "loop.batch.size",
              "loop.batch.interval",
              "loop.timeout",
              "loop.limit",
              "transaction_runtime.timeout"),
          PHASE_RETRY_PREFIXES_PRODUCER);

  private PolicyKeys() {}

  private static List<String> keys(List<String> plain, List<String> retryPrefixes) {
    List<String> all = new ArrayList<>(plain);
    for (String prefix : retryPrefixes) {
      RetryKeys.FIELDS.forEach(f -> all.add(prefix + f));
    }
    return List.copyOf(all);
  }

  /**
   * The keys a policy accepts.
   *
   * @param policy the policy
   * @return its keys
   */
  static List<String> known(Policy policy) {
    return policy instanceof ConsumerPolicy ? CONSUMER : PRODUCER;
  }

  /**
   * Lays one key over a policy.
   *
   * @param policy the policy so far
   * @param key the key below the policy ({@code loop.concurrency.value})
   * @param s the setting, for its value and for messages
   * @return the new policy
   * @throws ConfigurationException naming the key, value and source when the key is unknown or the
   *     value is invalid
   */
  static Policy apply(Policy policy, String key, Setting s) {
    List<String> known = known(policy);
    if (!known.contains(key)) {
      throw s.problem(unknownKeyMessage(policy, key, known));
    }
    try {
      return switch (policy) {
        case ConsumerPolicy c -> consumer(c, key, s);
        case ProducerPolicy p -> producer(p, key, s);
      };
    } catch (ConfigurationException e) {
      if (e.getMessage().startsWith(s.key())) {
        throw e; // already names the full key and the source
      }
      throw s.rejected(e);
    }
  }

  private static String unknownKeyMessage(Policy policy, String key, List<String> known) {
    String kind = policy instanceof ConsumerPolicy ? "consumer" : "producer";
    String first = key.split("\\.", 2)[0];
    List<String> near = known.stream().filter(k -> k.startsWith(first + ".")).toList();
    return "unknown key '"
        + key
        + "' for "
        + kind
        + " policy '"
        + policy.name()
        + "'; known keys"
        + (near.isEmpty() ? "" : " under " + first)
        + ": "
        + String.join(", ", near.isEmpty() ? known : near);
  }

  private static ConsumerPolicy consumer(ConsumerPolicy p, String key, Setting s) {
    for (String prefix : PHASE_RETRY_PREFIXES_CONSUMER) {
      if (key.startsWith(prefix)) {
        return consumerRetry(p, prefix, key.substring(prefix.length()), s);
      }
    }
    ConsumerPolicy.Builder b = p.toBuilder();
    ConsumerLoopPolicy loop = p.loop();
    EmptyQueuePolicy eq = loop.emptyQueue();
    return switch (key) {
      case "loop.mode" -> b.mode(LoopMode.parse(Values.optionalString(s))).build();
      case "loop.concurrency.value" -> b.concurrency(Values.integer(s)).build();
      case "loop.concurrency.threads" ->
          b.threads(ThreadKind.parse(Values.optionalString(s))).build();
      case "loop.batch.size" -> b.batchSize(Values.integer(s)).build();
      case "loop.batch.interval" -> b.batchInterval(Values.duration(s)).build();
      case "loop.streaming" -> b.streaming(Values.bool(s)).build();
      case "loop.timeout" -> b.loopTimeout(Values.optionalDuration(s)).build();
      case "loop.limit" -> b.limit(Values.optionalLong(s)).build();
      case "loop.empty_queue.backoff" ->
          b.emptyQueueBackoff(Values.duration(s), eq.backoffMultiplier(), eq.backoffCap()).build();
      case "loop.empty_queue.backoff_multiplier" ->
          b.emptyQueueBackoff(eq.backoff(), Values.number(s), eq.backoffCap()).build();
      case "loop.empty_queue.backoff_cap" ->
          b.emptyQueueBackoff(eq.backoff(), eq.backoffMultiplier(), Values.optionalDuration(s))
              .build();
      case "fetch.connector_name" -> b.fetchConnector(Values.optionalString(s)).build();
      case "transaction_runtime.timeout" -> b.runtimeTimeout(Values.optionalDuration(s)).build();
      case "settlement.mode" ->
          b.settlementMode(SettlementMode.parse(Values.optionalString(s))).build();
      case "settlement.on_unhandled" ->
          b.onUnhandled(UnhandledAction.parse(Values.optionalString(s))).build();
      default -> throw new IllegalStateException("key listed but not handled: " + key);
    };
  }

  private static ConsumerPolicy consumerRetry(
      ConsumerPolicy p, String prefix, String field, Setting s) {
    ConsumerPolicy.Builder b = p.toBuilder();
    return switch (prefix) {
      case "fetch.retry." -> b.fetchRetry(retry(p.fetch().retry(), field, s)).build();
      case "process.retry." -> b.processRetry(retry(p.process().retry(), field, s)).build();
      case "success.retry." -> b.successRetry(retry(p.success().retry(), field, s)).build();
      default -> b.exceptionRetry(retry(p.exception().retry(), field, s)).build();
    };
  }

  private static ProducerPolicy producer(ProducerPolicy p, String key, Setting s) {
    ProducerPolicy.Builder b = p.toBuilder();
    for (String prefix : PHASE_RETRY_PREFIXES_PRODUCER) {
      if (key.startsWith(prefix)) {
        String field = key.substring(prefix.length());
        return switch (prefix) {
          case "prepare.retry." -> b.prepareRetry(retry(p.prepare().retry(), field, s)).build();
          case "success.retry." -> b.successRetry(retry(p.success().retry(), field, s)).build();
          default -> b.exceptionRetry(retry(p.exception().retry(), field, s)).build();
        };
      }
    }
    return switch (key) {
      case "loop.concurrency.value" -> b.concurrency(Values.integer(s)).build();
      case "loop.concurrency.threads" ->
          b.threads(ThreadKind.parse(Values.optionalString(s))).build();
      case "loop.batch.size" -> b.batchSize(Values.integer(s)).build();
      case "loop.batch.interval" -> b.batchInterval(Values.duration(s)).build();
      case "loop.timeout" -> b.loopTimeout(Values.optionalDuration(s)).build();
      case "loop.limit" -> b.limit(Values.optionalLong(s)).build();
      case "transaction_runtime.timeout" -> b.runtimeTimeout(Values.optionalDuration(s)).build();
      default -> throw new IllegalStateException("key listed but not handled: " + key);
    };
  }

  private static RetryPolicy retry(RetryPolicy current, String field, Setting s) {
    return RetryKeys.apply(current, field, s);
  }
}
