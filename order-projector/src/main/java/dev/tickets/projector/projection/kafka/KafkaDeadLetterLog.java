package dev.tickets.projector.projection.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.tickets.events.DeadLetterHeaders;
import dev.tickets.events.TicketEventCodec;
import dev.tickets.projector.ProjectorProperties;
import dev.tickets.projector.projection.DeadLetterLog;
import dev.tickets.projector.projection.ParkedRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderRecord;

/**
 * The dead-letter topic read with a plain consumer that joins no group and commits nothing (from
 * the beginning to the end offsets of the moment), and replays sent by the projector's dead-letter
 * producer (idempotent, {@code acks=all}).
 */
final class KafkaDeadLetterLog implements DeadLetterLog {

  /** Header on a replayed record: the dead-letter position it came from. */
  static final String REPLAYED = "dlt-replayed";

  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private final ProjectorProperties properties;
  private final KafkaSender<String, byte[]> sender;
  private final TicketEventCodec codec = new TicketEventCodec();

  KafkaDeadLetterLog(ProjectorProperties properties, KafkaSender<String, byte[]> sender) {
    this.properties = properties;
    this.sender = sender;
  }

  @Override
  public String topic() {
    return properties.deadLetterTopic();
  }

  @Override
  public Flux<ParkedRecord> read() {
    return Mono.fromCallable(() -> readAll().stream().map(this::parked).toList())
        .subscribeOn(Schedulers.boundedElastic())
        .flatMapMany(Flux::fromIterable);
  }

  @Override
  public Flux<String> resend(List<ParkedRecord> records) {
    return Mono.fromCallable(() -> fetch(records))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMapMany(
            fetched ->
                Flux.fromIterable(records)
                    .concatMap(record -> send(record, fetched.get(record.position()))));
  }

  private Mono<String> send(ParkedRecord record, ConsumerRecord<String, byte[]> parked) {
    return sender
        .send(
            Mono.just(
                SenderRecord.create(
                    new ProducerRecord<>(
                        properties.topic(),
                        null,
                        parked.key(),
                        parked.value(),
                        List.<Header>of(
                            new RecordHeader(REPLAYED, record.position().getBytes(UTF_8)))),
                    record.position())))
        .next()
        .flatMap(
            result ->
                result.exception() != null
                    ? Mono.error(result.exception())
                    : Mono.just(
                        result.recordMetadata().partition()
                            + ":"
                            + result.recordMetadata().offset()));
  }

  private List<ConsumerRecord<String, byte[]>> readAll() {
    try (KafkaConsumer<String, byte[]> consumer = consumer()) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(properties.deadLetterTopic(), READ_TIMEOUT).stream()
              .map(info -> new TopicPartition(info.topic(), info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
      List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (partitions.stream()
          .anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Could not read "
                  + properties.deadLetterTopic()
                  + " to its end within "
                  + READ_TIMEOUT);
        }
        consumer.poll(POLL).forEach(records::add);
      }
      return records;
    }
  }

  /** The records at the given positions, read with one consumer, by position. */
  private Map<String, ConsumerRecord<String, byte[]>> fetch(List<ParkedRecord> wanted) {
    Map<TopicPartition, LongSummaryStatistics> ranges =
        wanted.stream()
            .collect(
                Collectors.groupingBy(
                    record -> new TopicPartition(properties.deadLetterTopic(), record.partition()),
                    Collectors.summarizingLong(ParkedRecord::offset)));
    Set<String> positions = wanted.stream().map(ParkedRecord::position).collect(Collectors.toSet());
    Map<String, ConsumerRecord<String, byte[]>> fetched = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer = consumer()) {
      consumer.assign(ranges.keySet());
      ranges.forEach((partition, offsets) -> consumer.seek(partition, offsets.getMin()));
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (fetched.size() < positions.size()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Could not read "
                  + positions.size()
                  + " records of "
                  + properties.deadLetterTopic()
                  + " within "
                  + READ_TIMEOUT);
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
          String position = record.partition() + ":" + record.offset();
          if (positions.contains(position)) {
            fetched.put(position, record);
          }
        }
      }
      return fetched;
    }
  }

  /**
   * The projector's consumer settings, without its group and its static member id: this one joins
   * no group.
   */
  private KafkaConsumer<String, byte[]> consumer() {
    Map<String, Object> config = new HashMap<>(ReactorKafkaRecordSource.consumerConfig(properties));
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
  }

  private ParkedRecord parked(ConsumerRecord<String, byte[]> record) {
    return new ParkedRecord(
        record.key(),
        version(record.value()),
        header(record, DeadLetterHeaders.REASON),
        header(record, DeadLetterHeaders.DETAIL),
        Integer.parseInt(
            Optional.ofNullable(header(record, DeadLetterHeaders.ORIGINAL_PARTITION)).orElse("-1")),
        Long.parseLong(
            Optional.ofNullable(header(record, DeadLetterHeaders.ORIGINAL_OFFSET)).orElse("-1")),
        Instant.ofEpochMilli(record.timestamp()),
        record.partition(),
        record.offset(),
        null);
  }

  private Long version(byte[] value) {
    try {
      return codec.decode(value).version();
    } catch (RuntimeException invalid) {
      return null;
    }
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), UTF_8);
  }
}
