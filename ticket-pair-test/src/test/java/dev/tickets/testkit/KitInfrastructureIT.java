package dev.tickets.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The extension injects a working broker and MongoDB; the property helpers name what the services
 * read.
 */
@ExtendWith(TestInfrastructureExtension.class)
class KitInfrastructureIT {

  @Test
  void providesAWorkingKafkaBrokerAndMongoDb(TestInfrastructure infrastructure) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                infrastructure.kafkaBootstrapServers()))) {
      assertThat(admin.describeCluster().nodes().get()).isNotEmpty();
    }
    try (MongoClient client = MongoClients.create(infrastructure.mongoUri("kit"))) {
      client.getDatabase("kit").getCollection("probe").insertOne(new Document("_id", "p-1"));
      assertThat(client.getDatabase("kit").getCollection("probe").countDocuments()).isEqualTo(1);
    }
    assertThat(infrastructure.describe()).isNotBlank();
  }

  @Test
  void registersTheServicesPropertiesWithTheirOwnDatabaseTopicAndGroup(
      TestInfrastructure infrastructure) {
    RecordingRegistry ticketApi = new RecordingRegistry();
    RecordingRegistry projector = new RecordingRegistry();

    TestInfrastructure.ticketApi(ticketApi, "tickets-db", "events-a");
    TestInfrastructure.orderProjector(projector, "orders-db", "events-a");

    assertThat(ticketApi.properties)
        .containsExactly(
            entry("spring.mongodb.uri", infrastructure.mongoUri("tickets-db")),
            entry("ticket-api.kafka.bootstrap-servers", infrastructure.kafkaBootstrapServers()),
            entry("ticket-api.kafka.topic", "events-a"));
    assertThat(projector.properties)
        .containsExactly(
            entry("spring.mongodb.uri", infrastructure.mongoUri("orders-db")),
            entry(
                "order-projector.kafka.bootstrap-servers", infrastructure.kafkaBootstrapServers()),
            entry("order-projector.topic", "events-a"),
            entry("order-projector.dead-letter-topic", "events-a.DLT"),
            entry("order-projector.group-id", "events-a"));
  }

  @Test
  void theDefaultTopicIsTheServicesDefault() {
    RecordingRegistry registry = new RecordingRegistry();

    TestInfrastructure.ticketApi(registry, "tickets-db");

    assertThat(registry.properties).containsEntry("ticket-api.kafka.topic", "ticket-events");
  }

  private static final class RecordingRegistry implements DynamicPropertyRegistry {

    final Map<String, Object> properties = new LinkedHashMap<>();

    @Override
    public void add(String name, Supplier<Object> valueSupplier) {
      properties.put(name, valueSupplier.get());
    }
  }
}
