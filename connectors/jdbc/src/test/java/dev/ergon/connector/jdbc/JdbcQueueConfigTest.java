package dev.ergon.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergon.ConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Configuration: defaults, validation messages that name the field, no password in text. */
class JdbcQueueConfigTest {

  @Test
  void defaultsAreDocumentedConstants() {
    JdbcQueueConfig c = JdbcQueueConfig.builder("jdbc:postgresql://db/app").build();
    assertThat(c.table()).isEqualTo(JdbcQueueConfig.DEFAULT_TABLE);
    assertThat(c.leaseDuration()).isEqualTo(JdbcQueueConfig.DEFAULT_LEASE);
    assertThat(c.heartbeat()).isTrue();
    assertThat(c.maxBatchSize()).isEqualTo(JdbcQueueConfig.DEFAULT_MAX_BATCH_SIZE);
    assertThat(c.requeueDelay()).isZero();
    assertThat(c.createSchema()).isTrue();
    assertThat(c.idleWait()).isEqualTo(JdbcQueueConfig.DEFAULT_IDLE_WAIT);
    assertThat(c.toBuilder().build()).isEqualTo(c);
  }

  @Test
  void theEmbeddedQueueIsASqliteFile() {
    assertThat(JdbcQueueConfig.embedded(Path.of("data", "q.db")).build().url())
        .isEqualTo("jdbc:sqlite:" + Path.of("data", "q.db"));
    assertThat(JdbcQueueConfig.embedded().build().url())
        .isEqualTo("jdbc:sqlite:" + JdbcQueueConfig.DEFAULT_EMBEDDED_FILE);
  }

  @Test
  void invalidValuesAreRejectedNamingTheFieldAndValue() {
    JdbcQueueConfig.Builder b = JdbcQueueConfig.builder("jdbc:postgresql://db/app");
    assertThatThrownBy(() -> b.table("Orders; DROP TABLE x"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("table must be a lowercase SQL identifier")
        .hasMessageContaining("'Orders; DROP TABLE x'");
    assertThatThrownBy(() -> b.leaseDuration(Duration.ofMillis(10)))
        .hasMessage("leaseDuration must be >= PT0.1S but was PT0.01S");
    assertThatThrownBy(() -> b.maxBatchSize(0)).hasMessage("maxBatchSize must be >= 1 but was 0");
    assertThatThrownBy(() -> b.idleWait(Duration.ofMinutes(1)))
        .hasMessage("idleWait must be between PT0S and PT10S but was PT1M");
    assertThatThrownBy(() -> b.requeueDelay(Duration.ofSeconds(-1)))
        .hasMessageStartingWith("requeueDelay must be >= PT0S");
  }

  @Test
  void anUnsupportedDatabaseIsRejectedWithoutShowingThePassword() {
    assertThatThrownBy(() -> JdbcQueueConfig.builder("jdbc:mysql://db/app?password=s3cret"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("url must be a jdbc:postgresql: or jdbc:sqlite: URL")
        .hasMessageContaining("password=***")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void toStringMasksThePassword() {
    JdbcQueueConfig c =
        JdbcQueueConfig.builder("jdbc:postgresql://db/app")
            .username("u")
            .password("s3cret")
            .build();
    assertThat(c.toString()).contains("password=***").doesNotContain("s3cret");
  }
}
