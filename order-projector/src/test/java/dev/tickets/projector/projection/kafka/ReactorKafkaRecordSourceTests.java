package dev.tickets.projector.projection.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tickets.projector.ProjectorProperties;
import dev.tickets.support.OperatorCredential;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

class ReactorKafkaRecordSourceTests {

  @Test
  void passesTheOperatorsConsumerPropertiesButKeepsTheOffsetHandlingAndTheGroup() {
    ProjectorProperties properties =
        withConsumer(
            Map.of(
                "security.protocol",
                "SSL",
                "fetch.max.wait.ms",
                "20",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                "true",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "latest",
                ConsumerConfig.GROUP_ID_CONFIG,
                "someone-else"));

    Map<String, Object> config = ReactorKafkaRecordSource.consumerConfig(properties);

    assertThat(config)
        .containsEntry("security.protocol", "SSL")
        .containsEntry("fetch.max.wait.ms", "20")
        .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
        .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
        .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, properties.groupId())
        .containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9092")
        .doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
  }

  @Test
  void aGroupInstanceIdMakesTheConsumerAStaticMember() {
    Map<String, Object> config =
        ReactorKafkaRecordSource.consumerConfig(withConsumer(Map.of(), "projector-2"));

    assertThat(config).containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "projector-2");
  }

  private static ProjectorProperties withConsumer(Map<String, String> consumer) {
    return withConsumer(consumer, null);
  }

  private static ProjectorProperties withConsumer(
      Map<String, String> consumer, String groupInstanceId) {
    Duration second = Duration.ofSeconds(1);
    return new ProjectorProperties(
        "ticket-events",
        "ticket-events.DLT",
        "order-projector",
        groupInstanceId,
        4,
        500,
        second,
        100,
        second,
        second,
        second,
        second,
        second,
        new ProjectorProperties.Retry(second, second),
        new ProjectorProperties.Read(second, 10, second),
        new ProjectorProperties.Kafka("kafka:9092", consumer),
        new OperatorCredential("operator", null));
  }
}
