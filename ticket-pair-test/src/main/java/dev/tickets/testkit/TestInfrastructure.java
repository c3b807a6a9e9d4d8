package dev.tickets.testkit;

import dev.tickets.infra.SharedInfrastructure;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real Kafka broker and a real MongoDB for tests, one of each per JVM: Testcontainers ({@code
 * apache/kafka:3.9.1}, {@code mongo:8}) where a Docker engine runs, otherwise the Apache Kafka
 * broker in KRaft mode in-process and mongo-java-server ({@code TICKETS_TEST_INFRA=embedded} forces
 * that). Inject it with {@link TestInfrastructureExtension}, or use the static helpers from a
 * Spring test's {@code @DynamicPropertySource}. Test classes stay apart by naming their own
 * database, topic (and consumer group).
 */
public final class TestInfrastructure {

  static final TestInfrastructure SHARED = new TestInfrastructure();

  private TestInfrastructure() {}

  /** The broker's bootstrap servers (started on first use). */
  public String kafkaBootstrapServers() {
    return SharedInfrastructure.kafkaBootstrapServers();
  }

  /** A MongoDB connection string naming {@code database} (started on first use). */
  public String mongoUri(String database) {
    return SharedInfrastructure.mongoUri(database);
  }

  /** Which infrastructure this JVM uses, for logs. */
  public String describe() {
    return SharedInfrastructure.describe();
  }

  /**
   * ticket-api's properties: MongoDB database {@code database}, Kafka, events published to {@code
   * topic}.
   */
  public static Map<String, String> ticketApiProperties(String database, String topic) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("spring.mongodb.uri", SHARED.mongoUri(database));
    properties.put("ticket-api.kafka.bootstrap-servers", SHARED.kafkaBootstrapServers());
    properties.put("ticket-api.kafka.topic", topic);
    return properties;
  }

  /**
   * order-projector's properties: MongoDB database {@code database}, Kafka, events read from {@code
   * topic} (dead letters to {@code topic.DLT}) in consumer group {@code topic}.
   */
  public static Map<String, String> orderProjectorProperties(String database, String topic) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("spring.mongodb.uri", SHARED.mongoUri(database));
    properties.put("order-projector.kafka.bootstrap-servers", SHARED.kafkaBootstrapServers());
    properties.put("order-projector.topic", topic);
    properties.put("order-projector.dead-letter-topic", topic + ".DLT");
    properties.put("order-projector.group-id", topic);
    return properties;
  }

  /**
   * For {@code @DynamicPropertySource}: {@link #ticketApiProperties} on the default topic {@code
   * ticket-events}.
   */
  public static void ticketApi(DynamicPropertyRegistry registry, String database) {
    ticketApi(registry, database, "ticket-events");
  }

  /** For {@code @DynamicPropertySource}: {@link #ticketApiProperties}. */
  public static void ticketApi(DynamicPropertyRegistry registry, String database, String topic) {
    ticketApiProperties(database, topic).forEach((name, value) -> registry.add(name, () -> value));
  }

  /** For {@code @DynamicPropertySource}: {@link #orderProjectorProperties}. */
  public static void orderProjector(
      DynamicPropertyRegistry registry, String database, String topic) {
    orderProjectorProperties(database, topic)
        .forEach((name, value) -> registry.add(name, () -> value));
  }
}
