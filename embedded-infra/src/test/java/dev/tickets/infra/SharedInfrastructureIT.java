package dev.tickets.infra;

import static dev.tickets.infra.KafkaTestClients.producer;
import static dev.tickets.infra.KafkaTestClients.readValues;
import static dev.tickets.infra.KafkaTestClients.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.DockerClientFactory;

@Timeout(120)
class SharedInfrastructureIT {

    @Test
    void returnsTheSameEndpointsEveryTime() {
        assertThat(SharedInfrastructure.kafkaBootstrapServers()).isEqualTo(SharedInfrastructure.kafkaBootstrapServers());
        assertThat(SharedInfrastructure.mongoUri("a")).isEqualTo(SharedInfrastructure.mongoUri("a")).endsWith("/a");
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
            assertThat(description).matches(
                    "embedded Kafka 3\\.9\\.1 KRaft at 127\\.0\\.0\\.1:\\d+, mongo-java-server at 127\\.0\\.0\\.1:\\d+");
            assertThat(SharedInfrastructure.embeddedKafka()).get()
                    .extracting(EmbeddedKafka::bootstrapServers)
                    .isEqualTo(SharedInfrastructure.kafkaBootstrapServers());
        }
    }

    @Test
    void servesKafkaAndMongo() throws Exception {
        try (KafkaProducer<String, String> producer = producer(SharedInfrastructure.kafkaBootstrapServers());
             MongoClient client = MongoClients.create(SharedInfrastructure.mongoUri("shared-it"))) {
            send(producer, "shared-it", "k", "v");
            client.getDatabase("shared-it").getCollection("c").insertOne(new Document("_id", 1));

            assertThat(readValues(SharedInfrastructure.kafkaBootstrapServers(), "shared-it", 1)).containsExactly("v");
            assertThat(client.getDatabase("shared-it").getCollection("c").countDocuments()).isEqualTo(1);
        }
    }
}
