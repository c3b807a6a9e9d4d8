package dev.tickets.infra;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The one Kafka client of the tests: creates topics, sends records, reads a topic from its first
 * offset and reads the offsets a consumer group committed. Keys are strings and values bytes;
 * decoding them is the caller's. Every call waits at most {@link #TIMEOUT} and fails with an {@link
 * IllegalStateException} after it. The producer and admin client are created on first use.
 */
public final class KafkaTestClient implements AutoCloseable {

  /** The longest any call waits for the broker. */
  public static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static final Duration POLL = Duration.ofMillis(200);

  private final String bootstrapServers;
  private final Lazy<Admin> admin;
  private final Lazy<KafkaProducer<String, byte[]>> producer;

  public KafkaTestClient(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
    this.admin =
        new Lazy<>(
            () ->
                Admin.create(
                    Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                        (int) TIMEOUT.toMillis())));
    this.producer =
        new Lazy<>(
            () ->
                new KafkaProducer<>(
                    Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.LINGER_MS_CONFIG,
                        5,
                        ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG,
                        200,
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                        20_000,
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                        (int) TIMEOUT.toMillis(),
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        (int) TIMEOUT.toMillis()),
                    new StringSerializer(),
                    new ByteArraySerializer()));
  }

  /**
   * Creates each topic with {@code partitions} partitions and replication factor 1, and waits until
   * every partition has a leader that serves it. An existing topic is left as it is if it has as
   * many partitions; otherwise this fails (a topic created by a client's metadata request has the
   * broker's default).
   */
  public void createTopics(int partitions, String... names) {
    List<NewTopic> topics = new ArrayList<>();
    for (String name : names) {
      topics.add(new NewTopic(name, partitions, (short) 1));
    }
    admin
        .get()
        .createTopics(topics)
        .values()
        .forEach(
            (name, creation) -> {
              try {
                await(creation, "create topic " + name);
              } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                  throw e;
                }
              }
            });
    waitUntil(() -> haveLeaders(List.of(names)), "topics " + List.of(names) + " to have leaders");
    await(admin.get().describeTopics(List.of(names)).allTopicNames(), "describe " + List.of(names))
        .forEach(
            (name, description) -> {
              if (description.partitions().size() != partitions) {
                throw new IllegalStateException(
                    "Topic "
                        + name
                        + " exists with "
                        + description.partitions().size()
                        + " partitions, not "
                        + partitions);
              }
            });
    // The metadata naming a leader can come before the broker acts as leader. An idempotent
    // producer's first batch answered NOT_LEADER_OR_FOLLOWER then can end in
    // OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout. Reading each partition's end offset
    // from its leader succeeds only once the leader serves it.
    Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
    for (String name : names) {
      for (int partition = 0; partition < partitions; partition++) {
        ends.put(new TopicPartition(name, partition), OffsetSpec.latest());
      }
    }
    await(admin.get().listOffsets(ends).all(), "read the end offsets of " + List.of(names));
  }

  /** Sends one record and waits for its acknowledgement by all in-sync replicas. */
  public RecordMetadata send(ProducerRecord<String, byte[]> record) {
    return await(producer.get().send(record), "send to " + record.topic());
  }

  /** Sends {@code value} as UTF-8 under {@code key} and waits for its acknowledgement. */
  public RecordMetadata send(String topic, String key, String value) {
    return send(new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Sends the records in order without waiting for each acknowledgement; waits for all at the end.
   */
  public void sendAll(List<ProducerRecord<String, byte[]>> records) {
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    records.forEach(record -> sends.add(producer.get().send(record)));
    producer.get().flush();
    for (int i = 0; i < sends.size(); i++) {
      try {
        await(sends.get(i), "send");
      } catch (IllegalStateException e) {
        throw new IllegalStateException(
            "Could not send record "
                + i
                + " of "
                + sends.size()
                + " to "
                + records.get(i).topic()
                + " (partition "
                + records.get(i).partition()
                + "); the broker describes its partitions as "
                + partitionStates(records.get(i).topic()),
            e.getCause());
      }
    }
  }

  /** The partition a key's records go to among {@code partitions}, as the tests choose it. */
  public static int partitionOf(String key, int partitions) {
    return Math.floorMod(key.hashCode(), partitions);
  }

  /**
   * Every record of every partition of {@code topic}, from the first offset to the end it has now;
   * waits (at most {@link #TIMEOUT}) for a topic that does not exist yet.
   */
  public List<ConsumerRecord<String, byte[]>> readToEnd(String topic) {
    return read(topic, ConsumerProgress::atEnd);
  }

  /**
   * Every record of {@code topic} from the first offset, read until at least {@code count} arrived.
   */
  public List<ConsumerRecord<String, byte[]>> readAtLeast(String topic, int count) {
    return read(topic, progress -> progress.records().size() >= count);
  }

  /** The offset committed by {@code group} on one partition, or -1 when none is committed. */
  public long committed(String group, String topic, int partition) {
    OffsetAndMetadata offset = committedOffsets(group).get(new TopicPartition(topic, partition));
    return offset == null ? -1 : offset.offset();
  }

  /** The sum of the offsets committed by {@code group} over all its partitions. */
  public long committedTotal(String group) {
    return committedOffsets(group).values().stream().mapToLong(OffsetAndMetadata::offset).sum();
  }

  /** The last value of header {@code name} as UTF-8, or {@code null} when the record has none. */
  public static String header(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  /** The record's value as UTF-8. */
  public static String text(ConsumerRecord<?, byte[]> record) {
    return new String(record.value(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    producer.ifCreated().ifPresent(KafkaProducer::close);
    admin.ifCreated().ifPresent(Admin::close);
  }

  private List<ConsumerRecord<String, byte[]>> read(
      String topic, Predicate<ConsumerProgress> done) {
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                5000,
                // reading must not create the topic (with the broker's default partitions)
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG,
                false),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      waitUntil(
          () -> {
            consumer.partitionsFor(topic, TIMEOUT).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .forEach(partitions::add);
            return !partitions.isEmpty();
          },
          "topic " + topic + " to exist");
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      ConsumerProgress progress =
          new ConsumerProgress(
              consumer, partitions, consumer.endOffsets(partitions, TIMEOUT), new ArrayList<>());
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!done.test(progress)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Read only "
                  + progress.records().size()
                  + " records of "
                  + topic
                  + " within "
                  + TIMEOUT);
        }
        consumer.poll(POLL).forEach(progress.records()::add);
      }
      return progress.records();
    }
  }

  /** A reader's consumer, its partitions, their end offsets when it started, and what it read. */
  private record ConsumerProgress(
      KafkaConsumer<String, byte[]> consumer,
      List<TopicPartition> partitions,
      Map<TopicPartition, Long> ends,
      List<ConsumerRecord<String, byte[]>> records) {

    boolean atEnd() {
      return partitions.stream()
          .allMatch(partition -> consumer.position(partition, TIMEOUT) >= ends.get(partition));
    }
  }

  private Map<TopicPartition, OffsetAndMetadata> committedOffsets(String group) {
    return await(
        admin.get().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(),
        "list the offsets of group " + group);
  }

  /**
   * Each partition of {@code topic} with its leader and in-sync replicas, for a failure message.
   */
  private String partitionStates(String topic) {
    return described(List.of(topic))
        .map(
            descriptions ->
                descriptions.get(topic).partitions().stream()
                    .map(
                        partition ->
                            partition.partition()
                                + ": leader "
                                + (partition.leader() == null ? "none" : partition.leader().id())
                                + ", isr "
                                + partition.isr().size())
                    .toList()
                    .toString())
        .orElse("unknown (the broker did not describe the topic)");
  }

  private boolean haveLeaders(List<String> names) {
    return described(names)
        .map(
            descriptions ->
                descriptions.values().stream()
                    .flatMap(description -> description.partitions().stream())
                    .allMatch(partition -> partition.leader() != null))
        .orElse(false);
  }

  /** The topics as the broker describes them, or empty when it does not answer in time. */
  private Optional<Map<String, TopicDescription>> described(List<String> names) {
    try {
      return Optional.of(
          admin
              .get()
              .describeTopics(names)
              .allTopicNames()
              .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    } catch (ExecutionException | TimeoutException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while describing topics " + names, e);
    }
  }

  private static void waitUntil(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Waited " + TIMEOUT + " for " + what);
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }

  private static <T> T await(Future<T> future, String what) {
    try {
      return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not " + what, e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Could not " + what + " within " + TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while trying to " + what, e);
    }
  }
}
