package dev.tickets.consistency;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import dev.tickets.events.DeadLetterHeaders;
import dev.tickets.events.TicketEvent;
import dev.tickets.events.TicketEventCodec;
import dev.tickets.events.TicketTopics;

/** Reads the event log and its dead-letter topic from the beginning to their current end. */
final class EventLog {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final TicketEventCodec CODEC = new TicketEventCodec();

  private final String bootstrapServers;

  EventLog(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  /** Every record of {@code ticket-events} about {@code tickets}. */
  List<LoggedEvent> events(Set<String> tickets) {
    return read(TicketTopics.EVENTS, tickets, record -> {
      TicketEvent event = CODEC.decode(record.value());
      return new LoggedEvent(record.key(), event.version(), event.title(), event.price(), record.partition(),
          record.offset());
    });
  }

  /** Every record of the dead-letter topic about {@code tickets}. */
  List<ParkedEvent> parked(Set<String> tickets) {
    return read(TicketTopics.deadLetterOf(TicketTopics.EVENTS), tickets, record -> {
      Header reason = record.headers().lastHeader(DeadLetterHeaders.REASON);
      return new ParkedEvent(record.key(), reason == null ? "(no reason)"
          : new String(reason.value(), StandardCharsets.UTF_8));
    });
  }

  private <T> List<T> read(String topic, Set<String> tickets, Function<ConsumerRecord<String, byte[]>, T> mapping) {
    List<T> found = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000), new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
          .map(info -> new TopicPartition(topic, info.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(partition -> consumer.position(partition, TIMEOUT) < ends.get(partition))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Could not read " + topic + " to its end within " + TIMEOUT);
        }
        consumer.poll(Duration.ofMillis(500)).forEach(record -> {
          if (tickets.contains(record.key())) {
            found.add(mapping.apply(record));
          }
        });
      }
    }
    return found;
  }
}
