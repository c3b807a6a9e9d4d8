package dev.tickets.projector;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.tickets.events.TicketEvent;
import dev.tickets.events.TicketEventCodec;

/** Admin, producer and dead-letter reader of the integration tests, against the shared broker. */
final class KafkaTestClient implements AutoCloseable {

  private static final TicketEventCodec CODEC = new TicketEventCodec();

  private final String bootstrapServers;
  private final Admin admin;
  private final KafkaProducer<String, byte[]> producer;

  KafkaTestClient(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    this.producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 5),
        new StringSerializer(), new ByteArraySerializer());
  }

  void createTopics(int partitions, String... names) throws Exception {
    List<NewTopic> topics = new ArrayList<>();
    for (String name : names) {
      topics.add(new NewTopic(name, partitions, (short) 1));
    }
    admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(30)).until(() -> admin.describeTopics(List.of(names))
        .allTopicNames().get().values().stream().flatMap(t -> t.partitions().stream())
        .allMatch(p -> p.leader() != null));
  }

  void send(String topic, int partition, TicketEvent event) throws Exception {
    send(topic, partition, event.ticketId(), CODEC.encode(event));
  }

  void send(String topic, int partition, String key, byte[] value) throws Exception {
    producer.send(new ProducerRecord<>(topic, partition, key, value)).get(30, TimeUnit.SECONDS);
  }

  /** Sends without waiting for each acknowledgement; flushes at the end. */
  void sendAll(String topic, List<TicketEvent> events, int partitions) {
    for (TicketEvent event : events) {
      int partition = Math.floorMod(event.ticketId().hashCode(), partitions);
      producer.send(new ProducerRecord<>(topic, partition, event.ticketId(), CODEC.encode(event)));
    }
    producer.flush();
  }

  /** The committed offset of one partition for the group, or -1 when none is committed. */
  long committed(String group, String topic, int partition)
      throws InterruptedException, ExecutionException {
    OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata().get().get(new TopicPartition(topic, partition));
    return offset == null ? -1 : offset.offset();
  }

  long committedTotal(String group) throws InterruptedException, ExecutionException {
    return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().values()
        .stream().mapToLong(OffsetAndMetadata::offset).sum();
  }

  /** Every record of the topic from the beginning, once at least {@code expected} are there. */
  List<ConsumerRecord<String, byte[]>> readAll(String topic, int expected) {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
        new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        return records.size() >= expected;
      });
    }
    return records;
  }

  static String header(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    producer.close();
    admin.close();
  }
}
