package dev.tickets.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The environment variable names the README's configuration table gives bind, through the
 * application's own property sources (the defaults themselves are checked against the README by
 * local-stack's ConfigurationTableTests).
 */
class ProjectorPropertiesTests {

  static ProjectorProperties bind(Map<String, Object> environmentVariables) {
    StandardEnvironment environment = new StandardEnvironment();
    try {
      new YamlPropertySourceLoader()
          .load("application.yaml", new ClassPathResource("application.yaml"))
          .forEach(environment.getPropertySources()::addLast);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    environment
        .getPropertySources()
        .addFirst(
            new SystemEnvironmentPropertySource(
                "test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                environmentVariables));
    ConfigurationPropertySources.attach(environment);
    return Binder.get(environment).bindOrCreate("order-projector", ProjectorProperties.class);
  }

  @Test
  void bindsTheDocumentedEnvironmentVariables() {
    ProjectorProperties properties =
        bind(
            Map.of(
                "ORDER_PROJECTOR_DEAD_LETTER_TOPIC", "parked",
                "ORDER_PROJECTOR_GAP_TIMEOUT", "2m",
                "ORDER_PROJECTOR_RETRY_MAX_BACKOFF", "1s",
                "ORDER_PROJECTOR_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                "ORDERPROJECTOR_KAFKA_CONSUMER_FETCH_MAX_WAIT_MS", "20"));

    assertThat(properties.deadLetterTopic()).isEqualTo("parked");
    assertThat(properties.gapTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(properties.retry().maxBackoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(properties.kafka().bootstrapServers()).isEqualTo("kafka:9092");
    assertThat(properties.kafka().consumer()).containsExactly(Map.entry("fetch.max.wait.ms", "20"));
  }

  @Test
  void bindsTheReadWaitsAndRefusesAMaxWaitThatIsNotWholeSeconds() {
    ProjectorProperties.Read read =
        bind(Map.of(
                "ORDER_PROJECTOR_READ_MAX_WAIT", "2s",
                "ORDER_PROJECTOR_READ_MAX_WAITERS", "7",
                "ORDER_PROJECTOR_READ_POLL_INTERVAL", "50ms"))
            .read();
    assertThat(read)
        .isEqualTo(new ProjectorProperties.Read(Duration.ofSeconds(2), 7, Duration.ofMillis(50)));
    assertThat(bind(Map.of("ORDER_PROJECTOR_READ_MAX_WAIT", "0s")).read().maxWait()).isZero();

    assertThatThrownBy(() -> bind(Map.of("ORDER_PROJECTOR_READ_MAX_WAIT", "1500ms")))
        .rootCause()
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max-wait must be whole seconds")
        .hasMessageContaining("PT1.5S");
  }

  @Test
  void bindsAGroupInstanceIdAndTreatsABlankOneAsNone() {
    assertThat(bind(Map.of("ORDER_PROJECTOR_GROUP_INSTANCE_ID", "projector-1")).groupInstanceId())
        .isEqualTo("projector-1");
    assertThat(bind(Map.of("ORDER_PROJECTOR_GROUP_INSTANCE_ID", " ")).groupInstanceId()).isNull();
    assertThat(bind(Map.of()).groupInstanceId()).isNull();
  }

  @Test
  void refusesAGroupInstanceIdKafkaWouldRefuse() {
    assertThatThrownBy(() -> bind(Map.of("ORDER_PROJECTOR_GROUP_INSTANCE_ID", "projector 1")))
        .rootCause()
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("order-projector.group-instance-id");
  }

  @Test
  void refusesAGroupInstanceIdAmongTheConsumerPropertiesNamingTheProperty() {
    assertThatThrownBy(
            () -> bind(Map.of("ORDERPROJECTOR_KAFKA_CONSUMER_GROUP_INSTANCE_ID", "projector-1")))
        .rootCause()
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("set order-projector.group-instance-id instead");
  }
}
