package dev.tickets.api.ticket.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import dev.tickets.events.TicketEvent;
import dev.tickets.events.TicketEventCodec;

/** Everything on a topic, read back from the real broker from the first offset on. */
final class TopicRecords implements AutoCloseable {

  private final KafkaConsumer<String, String> consumer;
  private final String topic;
  private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();
  private final TicketEventCodec codec = new TicketEventCodec();

  TopicRecords(String bootstrapServers, String topic) {
    this.topic = topic;
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
    consumer.subscribe(List.of(topic));
  }

  /** All records read so far, after one more poll, in partition order. */
  synchronized List<ConsumerRecord<String, String>> all() {
    consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
    return List.copyOf(seen);
  }

  /** The events of one ticket in log order (one partition per key). */
  List<TicketEvent> eventsOf(String ticketId) {
    return all().stream()
        .filter(record -> record.key().equals(ticketId))
        .map(record -> codec.decode(record.value().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .toList();
  }

  /** The versions of one ticket in the order their first copy appears in the log. */
  List<Long> firstVersionsOf(String ticketId) {
    return eventsOf(ticketId).stream().map(TicketEvent::version).distinct().toList();
  }

  String topic() {
    return topic;
  }

  TopicPartition partition(int number) {
    return new TopicPartition(topic, number);
  }

  @Override
  public synchronized void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
