package dev.tickets.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.DockerClientFactory;

@Timeout(120)
class SharedInfrastructureIT {

  @Test
  void returnsTheSameEndpointsEveryTime() {
    assertThat(SharedInfrastructure.kafkaBootstrapServers())
        .isEqualTo(SharedInfrastructure.kafkaBootstrapServers());
    assertThat(SharedInfrastructure.mongoUri("a"))
        .isEqualTo(SharedInfrastructure.mongoUri("a"))
        .endsWith("/a");
    assertThat(SharedInfrastructure.describe()).isEqualTo(SharedInfrastructure.describe());
  }

  @Test
  void describesTheEmbeddedPathWithoutDocker() {
    boolean docker = DockerClientFactory.instance().isDockerAvailable();

    String description = SharedInfrastructure.describe();

    if (docker) {
      assertThat(description).startsWith("Testcontainers Kafka");
      assertThat(SharedInfrastructure.embeddedKafka()).isEmpty();
    } else {
      assertThat(description)
          .matches(
              "embedded Kafka 3\\.9\\.1 KRaft at 127\\.0\\.0\\.1:\\d+, mongo-java-server at 127\\.0\\.0\\.1:\\d+");
      assertThat(SharedInfrastructure.embeddedKafka())
          .get()
          .extracting(EmbeddedKafka::bootstrapServers)
          .isEqualTo(SharedInfrastructure.kafkaBootstrapServers());
    }
  }

  @Test
  void servesKafkaAndMongo() throws Exception {
    try (KafkaTestClient kafka = new KafkaTestClient(SharedInfrastructure.kafkaBootstrapServers());
        MongoClient client = MongoClients.create(SharedInfrastructure.mongoUri("shared-it"))) {
      kafka.send("shared-it", "k", "v");
      client.getDatabase("shared-it").getCollection("c").insertOne(new Document("_id", 1));

      assertThat(kafka.readAtLeast("shared-it", 1))
          .extracting(KafkaTestClient::text)
          .containsExactly("v");
      assertThat(client.getDatabase("shared-it").getCollection("c").countDocuments()).isEqualTo(1);
    }
  }
}
