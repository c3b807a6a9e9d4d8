package dev.tickets.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class EmbeddedKafkaIT {

  @Test
  void producesAndConsumesARecord() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        KafkaTestClient client = new KafkaTestClient(kafka.bootstrapServers())) {
      kafka.createTopic("orders", 3);

      RecordMetadata sent = client.send("orders", "k", "hello");

      assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + kafka.port());
      assertThat(sent.offset()).isZero();
      assertThat(client.readAtLeast("orders", 1))
          .extracting(KafkaTestClient::text)
          .containsExactly("hello");
    }
  }

  @Test
  void theTestClientReadsAMissingTopicWithoutCreatingItAndRefusesAnotherPartitionCount()
      throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        KafkaTestClient client = new KafkaTestClient(kafka.bootstrapServers())) {
      CompletableFuture<List<String>> reading =
          CompletableFuture.supplyAsync(
              () -> client.readAtLeast("late", 1).stream().map(KafkaTestClient::text).toList());
      Thread.sleep(1_000);
      client.createTopics(6, "late");
      client.send("late", "k", "first");

      assertThat(reading.get(60, TimeUnit.SECONDS)).containsExactly("first");
      assertThatIllegalStateException()
          .isThrownBy(() -> client.createTopics(3, "late"))
          .withMessageContaining("exists with 6 partitions, not 3");
    }
  }

  @Test
  void keepsRecordsAcrossStopAndRestartOnTheSamePort() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        KafkaTestClient client = new KafkaTestClient(kafka.bootstrapServers())) {
      kafka.createTopic("tickets", 1);
      client.send("tickets", "k", "before");

      kafka.stop();
      kafka.stop();
      assertThat(kafka.isRunning()).isFalse();
      assertThat(accepts(kafka.port())).isFalse();

      kafka.restart();
      assertThat(kafka.isRunning()).isTrue();
      client.send("tickets", "k", "after");

      assertThat(client.readAtLeast("tickets", 2))
          .extracting(KafkaTestClient::text)
          .containsExactly("before", "after");
    }
  }

  @Test
  void autoCreatesTopicsAndIgnoresExistingOnes() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        KafkaTestClient client = new KafkaTestClient(kafka.bootstrapServers())) {
      client.send("auto-created", "k", "v");
      kafka.createTopic("auto-created", 1);

      assertThat(client.readAtLeast("auto-created", 1))
          .extracting(KafkaTestClient::text)
          .containsExactly("v");
    }
  }

  @Test
  void reusesAPersistentLogDirWithoutReformatting(@TempDir Path dir) throws Exception {
    Path logDir = dir.resolve("kafka");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(logDir, 0);
        KafkaTestClient client = new KafkaTestClient(kafka.bootstrapServers())) {
      client.send("kept", "k", "first run");
    }
    String metaProperties = Files.readString(logDir.resolve("meta.properties"));

    try (EmbeddedKafka kafka = EmbeddedKafka.start(logDir, 0);
        KafkaTestClient client = new KafkaTestClient(kafka.bootstrapServers())) {
      assertThat(client.readAtLeast("kept", 1))
          .extracting(KafkaTestClient::text)
          .containsExactly("first run");
    }
    assertThat(logDir.resolve("meta.properties")).content().isEqualTo(metaProperties);
  }

  @Test
  void runsTwoIndependentBrokersSideBySide() throws Exception {
    try (EmbeddedKafka first = EmbeddedKafka.start();
        EmbeddedKafka second = EmbeddedKafka.start();
        KafkaTestClient client = new KafkaTestClient(first.bootstrapServers())) {
      client.send("only-on-first", "k", "v");
      second.stop();

      assertThat(first.port()).isNotEqualTo(second.port());
      assertThat(first.isRunning()).isTrue();
      assertThat(client.readAtLeast("only-on-first", 1))
          .extracting(KafkaTestClient::text)
          .containsExactly("v");
    }
  }

  @Test
  void deletesItsTemporaryLogDirOnClose() {
    EmbeddedKafka kafka = EmbeddedKafka.start();
    Path logDir = kafka.logDir();
    assertThat(logDir.resolve("meta.properties")).exists();

    kafka.close();

    assertThat(kafka.isRunning()).isFalse();
    assertThat(accepts(kafka.port())).isFalse();
    assertThat(logDir).doesNotExist();
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress("127.0.0.1", port), (int) Duration.ofSeconds(1).toMillis());
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
