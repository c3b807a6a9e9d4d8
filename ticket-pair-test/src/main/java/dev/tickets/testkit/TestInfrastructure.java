package dev.tickets.testkit;

import org.springframework.test.context.DynamicPropertyRegistry;

import dev.tickets.infra.SharedInfrastructure;

/**
 * A real Kafka broker and a real MongoDB for tests, one of each per JVM: Testcontainers
 * ({@code apache/kafka:3.9.1}, {@code mongo:8}) where a Docker engine runs, otherwise the Apache
 * Kafka broker in KRaft mode in-process and mongo-java-server ({@code TICKETS_TEST_INFRA=embedded}
 * forces that). Inject it with {@link TestInfrastructureExtension}, or call the static methods, e.g.
 * from a Spring test's {@code @DynamicPropertySource}.
 */
public final class TestInfrastructure {

  static final TestInfrastructure SHARED = new TestInfrastructure();

  private TestInfrastructure() {
  }

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

  /** For {@code @DynamicPropertySource}: ticket-api's MongoDB (database {@code database}) and Kafka. */
  public static void ticketApi(DynamicPropertyRegistry registry, String database) {
    registry.add("spring.mongodb.uri", () -> SHARED.mongoUri(database));
    registry.add("ticket-api.kafka.bootstrap-servers", SHARED::kafkaBootstrapServers);
  }

  /** For {@code @DynamicPropertySource}: order-projector's MongoDB (database {@code database}) and Kafka. */
  public static void orderProjector(DynamicPropertyRegistry registry, String database) {
    registry.add("spring.mongodb.uri", () -> SHARED.mongoUri(database));
    registry.add("order-projector.kafka.bootstrap-servers", SHARED::kafkaBootstrapServers);
  }
}
