package dev.tickets.infra;

import java.util.Optional;
import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.kafka.KafkaContainer;

/** The Kafka shared by a test JVM: an {@link EmbeddedKafka} or a Testcontainers broker. */
sealed interface SharedKafka {

  String KAFKA_IMAGE = "apache/kafka:3.9.1";

  String bootstrapServers();

  String description();

  Optional<EmbeddedKafka> embedded();

  void stop();

  static SharedKafka start(boolean docker) {
    if (docker) {
      KafkaContainer container = new KafkaContainer(KAFKA_IMAGE);
      container.start();
      return new Container(container);
    }
    return new Embedded(EmbeddedKafka.start());
  }

  record Embedded(EmbeddedKafka kafka) implements SharedKafka {

    public String bootstrapServers() {
      return kafka.bootstrapServers();
    }

    public String description() {
      return "embedded Kafka "
          + AppInfoParser.getVersion()
          + " KRaft at "
          + kafka.bootstrapServers();
    }

    public Optional<EmbeddedKafka> embedded() {
      return Optional.of(kafka);
    }

    public void stop() {
      kafka.close();
    }
  }

  record Container(KafkaContainer container) implements SharedKafka {

    public String bootstrapServers() {
      return container.getBootstrapServers();
    }

    public String description() {
      return "Testcontainers Kafka " + KAFKA_IMAGE + " at " + container.getBootstrapServers();
    }

    public Optional<EmbeddedKafka> embedded() {
      return Optional.empty();
    }

    public void stop() {
      container.stop();
    }
  }
}
