package dev.ergon.policy;

/**
 * A named execution policy: a {@link ConsumerPolicy} or a {@link ProducerPolicy}. A task looks its
 * policies up by name.
 */
public sealed interface Policy permits ConsumerPolicy, ProducerPolicy {

  /**
   * The policy's name, not blank.
   *
   * @return the name
   */
  String name();
}
