package dev.ergon.connector.rabbitmq.internal;

import com.rabbitmq.client.ConnectionFactory;
import dev.ergon.ConfigurationException;
import dev.ergon.connector.rabbitmq.RabbitMqClientConfig;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;

/** Builds the client's {@link ConnectionFactory} from a {@link RabbitMqClientConfig}. */
final class Factories {
  private Factories() {}

  static ConnectionFactory create(RabbitMqClientConfig config) {
    ConnectionFactory f = new ConnectionFactory();
    try {
      if (config.usesTls()) {
        // before setUri: for amqps it only installs its trust-everything context when none is set
        SSLContext ctx = config.sslContext();
        f.useSslProtocol(ctx != null ? ctx : SSLContext.getDefault());
        f.enableHostnameVerification();
      }
      if (config.uri() != null) {
        f.setUri(config.uri());
      } else {
        f.setHost(config.host());
        f.setPort(config.port());
        f.setVirtualHost(config.virtualHost());
        f.setUsername(config.username());
        f.setPassword(config.password());
      }
    } catch (URISyntaxException e) {
      throw new ConfigurationException("uri", config.address(), "a valid AMQP URI");
    } catch (GeneralSecurityException e) {
      throw new ConfigurationException(
          "RabbitMQ connector '" + config.connectionName() + "': TLS is unavailable: " + e);
    }
    f.setRequestedHeartbeat((int) Math.max(1, config.heartbeat().toSeconds()));
    int connectMillis = (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis());
    f.setConnectionTimeout(connectMillis);
    f.setHandshakeTimeout(connectMillis);
    f.setChannelRpcTimeout(
        (int) Math.min(Integer.MAX_VALUE, config.channelRpcTimeout().toMillis()));
    f.setShutdownTimeout(2_000);
    f.setAutomaticRecoveryEnabled(false);
    f.setTopologyRecoveryEnabled(false);
    return f;
  }
}
