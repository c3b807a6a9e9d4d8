package dev.tickets.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.DynamicPropertyRegistry;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

/** The extension injects a working broker and MongoDB; the property helpers name what the services read. */
@ExtendWith(TestInfrastructureExtension.class)
class TestInfrastructureIT {

  @Test
  void providesAWorkingKafkaBrokerAndMongoDb(TestInfrastructure infrastructure) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
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
  void registersTheServicesProperties(TestInfrastructure infrastructure) {
    RecordingRegistry registry = new RecordingRegistry();

    TestInfrastructure.ticketApi(registry, "tickets-db");
    TestInfrastructure.orderProjector(registry, "orders-db");

    assertThat(registry.names).containsExactly("spring.mongodb.uri", "ticket-api.kafka.bootstrap-servers",
        "spring.mongodb.uri", "order-projector.kafka.bootstrap-servers");
    assertThat(registry.values).containsExactly(infrastructure.mongoUri("tickets-db"),
        infrastructure.kafkaBootstrapServers(), infrastructure.mongoUri("orders-db"),
        infrastructure.kafkaBootstrapServers());
  }

  private static final class RecordingRegistry implements DynamicPropertyRegistry {

    final List<String> names = new ArrayList<>();
    final List<Object> values = new ArrayList<>();

    @Override
    public void add(String name, Supplier<Object> valueSupplier) {
      names.add(name);
      values.add(valueSupplier.get());
    }
  }
}
