package dev.ergon.connector.sqs;

import dev.ergon.connector.sqs.internal.Clients;
import dev.ergon.service.Service;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * An {@link SqsClient} built from an {@link SqsConfig} (region, endpoint, credentials), for tasks
 * that talk to SQS directly. Closing the service closes the client.
 */
public final class SqsService implements Service {
  private final SqsClient client;

  /**
   * Builds the client.
   *
   * @param config the settings (only region, endpoint and credentials are used)
   */
  public SqsService(SqsConfig config) {
    this.client = Clients.create(config);
  }

  /**
   * The client.
   *
   * @return the client
   */
  public SqsClient client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
  }
}
