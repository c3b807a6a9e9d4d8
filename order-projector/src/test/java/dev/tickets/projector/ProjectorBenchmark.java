package dev.tickets.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;
import dev.tickets.events.TicketEvent;
import dev.tickets.events.TicketEventCodec;
import dev.tickets.infra.Directories;
import dev.tickets.infra.KafkaTestClient;
import dev.tickets.infra.SharedInfrastructure;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Not part of the build (no {@code Tests}/{@code IT} suffix). Measures in one run, so that ratios
 * mean something on a noisy machine, the projector against applying the same events without order
 * or version checks, and how much a ticket waiting for a missing version delays the others. Fails
 * if a replica ends at a wrong version. Writes the figures to {@code
 * target/projector-benchmark.txt}: {@code ./mvnw -B -ntp -pl order-projector -am verify -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.failIfNoSpecifiedTests=false
 * -Dit.test=ProjectorBenchmark}
 */
class ProjectorBenchmark {

  private static final Logger log = LoggerFactory.getLogger(ProjectorBenchmark.class);
  private static final TicketEventCodec CODEC = new TicketEventCodec();

  static final int TICKETS = 1_000;
  static final int VERSIONS = 20;
  static final int PARTITIONS = 6;

  /** The batch size the unordered floor uses: at most this many upserts per {@code bulkWrite}. */
  static final int BATCH = 500;

  static final int GAP_TICKETS = 200;
  static final int GAP_VERSIONS = 5;
  static final String GAP_TICKET = "gap-ticket";

  /** Long enough for an engine that stalls other tickets for the whole 60 s gap timeout. */
  static final Duration WAIT = Duration.ofMinutes(3);

  final String suffix = UUID.randomUUID().toString().substring(0, 8);
  final List<String> lines = new ArrayList<>();
  final AtomicInteger rounds = new AtomicInteger();

  @Test
  void measuresTheProjectorAgainstTheUnorderedApplyFloor() throws Exception {
    try (KafkaTestClient kafka =
        new KafkaTestClient(SharedInfrastructure.kafkaBootstrapServers())) {
      List<TicketEvent> events = interleaved("t-", TICKETS, VERSIONS);
      String topic = publish(kafka, "bench", events);

      // A first round warms the JVM for both; only the second is reported.
      projector(publish(kafka, "bench-warm", events), events.size());
      unorderedApply(topic, events.size());
      List<Figure> projector = projector(topic, events.size());
      Figure floor = unorderedApply(topic, events.size());
      projector.forEach(figure -> report(figure.line()));
      report(floor.line());
      report(bulkLoop(events).line());
      report(
          String.format(
              "projector / unordered apply: %.0f%% (goal >= 70%%)",
              100 * projector.get(0).perSecond() / floor.perSecond()));
      report(gapRun(kafka, "bench-gap", true).line());
      report(gapRun(kafka, "bench-nogap", false).line());
      report("infrastructure: " + SharedInfrastructure.describe());
    }
    Directories.writeToTarget("projector-benchmark.txt", String.join("\n", lines) + "\n");
  }

  /** Logs a figure at once, so that a later failure leaves the earlier ones in the log. */
  private void report(String line) {
    log.info(line);
    lines.add(line);
  }

  /**
   * A fresh topic (and its DLT) holding exactly {@code events}. The shared producer can lose a
   * batch sent right after a topic is created (NOT_LEADER_OR_FOLLOWER, then
   * OUT_OF_ORDER_SEQUENCE_NUMBER until the delivery timeout), so a short topic is abandoned.
   */
  private String publish(KafkaTestClient kafka, String prefix, List<TicketEvent> events)
      throws Exception {
    for (int attempt = 1; attempt <= 3; attempt++) {
      String topic = prefix + "-" + suffix + "-" + attempt;
      kafka.createTopics(PARTITIONS, topic, topic + ".DLT");
      try {
        kafka.sendAll(RunningProjector.Topic.records(topic, PARTITIONS, events));
      } catch (IllegalStateException e) {
        log.warn("{}: {}", topic, e.getMessage());
      }
      try (KafkaConsumer<String, byte[]> consumer = consumer("count-" + topic)) {
        long stored =
            consumer
                .endOffsets(
                    IntStream.range(0, PARTITIONS)
                        .mapToObj(partition -> new TopicPartition(topic, partition))
                        .toList())
                .values()
                .stream()
                .mapToLong(Long::longValue)
                .sum();
        if (stored == events.size()) {
          return topic;
        }
        log.warn(
            "{} holds {} of {} events; publishing to a fresh topic", topic, stored, events.size());
      }
    }
    throw new AssertionError("could not publish " + events.size() + " events to " + prefix);
  }

  private static KafkaConsumer<String, byte[]> consumer(String group) {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            SharedInfrastructure.kafkaBootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG,
            group,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest"),
        new StringDeserializer(),
        new ByteArrayDeserializer());
  }

  /** The projector from its start and from its first applied record; every replica at v19. */
  private List<Figure> projector(String topic, int expected) {
    try (RunningProjector projector = RunningProjector.start(topic, overrides())) {
      RunningProjector.ApplyTimes times = projector.awaitApplied(expected);
      assertAllAt(projector, "t-", TICKETS, VERSIONS - 1);
      if (projector.writes() != null) {
        report(
            String.format(
                "projector writes: %d, %.1f records each on average (%s)",
                projector.writes().count(), projector.writes().mean(), overrides()));
      }
      return List.of(
          new Figure(
              "projector (from the first applied record)",
              expected,
              times.fromFirstApplied().toNanos()),
          new Figure("projector (from start)", expected, times.fromStart().toNanos()));
    }
  }

  /** Projector properties given as system properties ({@code -Dorder-projector.*}). */
  private static Map<String, String> overrides() {
    Map<String, String> overrides = new TreeMap<>();
    System.getProperties()
        .forEach(
            (key, value) -> {
              if (key.toString().startsWith("order-projector.")) {
                overrides.put(key.toString(), value.toString());
              }
            });
    return overrides;
  }

  /** The same records from Kafka, one unordered bulk of replace-upserts per batch, no checks. */
  private Figure unorderedApply(String topic, int expected) {
    String name = "bench-floor-" + suffix + "-" + rounds.incrementAndGet();
    try (Replicas replicas = new Replicas(name);
        KafkaConsumer<String, byte[]> consumer = consumer(name)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + WAIT.toNanos();
      Long started = null;
      int written = 0;
      while (written < expected) {
        assertThat(System.nanoTime()).as("unordered apply deadline").isLessThan(deadline);
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
        if (records.isEmpty()) {
          continue;
        }
        started = started == null ? System.nanoTime() : started;
        List<ReplaceOneModel<Document>> upserts = new ArrayList<>();
        records.forEach(record -> upserts.add(Replicas.upsert(CODEC.decode(record.value()))));
        replicas.writeInBatches(upserts);
        written += upserts.size();
      }
      long finished = System.nanoTime();
      assertThat(written).isEqualTo(expected);
      assertThat(replicas.count()).isEqualTo(TICKETS);
      return new Figure(
          "unordered apply floor (Kafka poll + bulkWrite of <= " + BATCH + ")",
          expected,
          finished - started);
    }
  }

  /** The pre-built upserts of every event written in batches, without Kafka. */
  private Figure bulkLoop(List<TicketEvent> events) {
    try (Replicas replicas = new Replicas("bench-loop-" + suffix)) {
      List<ReplaceOneModel<Document>> upserts = events.stream().map(Replicas::upsert).toList();
      long started = System.nanoTime();
      replicas.writeInBatches(upserts);
      long finished = System.nanoTime();
      assertThat(replicas.count()).isEqualTo(TICKETS);
      return new Figure(
          "raw-driver bulk loop floor (bulkWrite of " + BATCH + ")",
          events.size(),
          finished - started);
    }
  }

  /**
   * 200 tickets x 5 versions, and with {@code withGap} a ticket that has versions 0 and 2 but never
   * 1, timed from the projector's start until every applicable record is applied.
   */
  private Figure gapRun(KafkaTestClient kafka, String prefix, boolean withGap) throws Exception {
    List<TicketEvent> events = new ArrayList<>();
    for (int version = 0; version < GAP_VERSIONS; version++) {
      if (withGap && (version == 0 || version == 2)) {
        events.add(event(GAP_TICKET, version));
      }
      events.addAll(round("g-", GAP_TICKETS, version));
    }
    String topic = publish(kafka, prefix, events);
    int applicable = GAP_TICKETS * GAP_VERSIONS + (withGap ? 1 : 0);
    try (RunningProjector projector =
        RunningProjector.start(topic, Map.of("order-projector.gap-timeout", "60s"))) {
      long started = System.nanoTime();
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(20))
          .until(() -> projector.records("applied") == applicable);
      long finished = System.nanoTime();
      if (withGap) {
        assertThat(projector.replica(GAP_TICKET).version()).isZero();
      }
      assertAllAt(projector, "g-", GAP_TICKETS, GAP_VERSIONS - 1);
      return new Figure(
          withGap
              ? "gap isolation: " + GAP_TICKET + " waiting for version 1 (gap-timeout 60s)"
              : "gap isolation: baseline without the gap",
          applicable,
          finished - started);
    }
  }

  private static void assertAllAt(
      RunningProjector projector, String prefix, int tickets, long version) {
    for (int ticket = 0; ticket < tickets; ticket++) {
      assertThat(projector.replica(prefix + ticket).version())
          .as(prefix + ticket)
          .isEqualTo(version);
    }
  }

  /** Every ticket's version 0, then every ticket's version 1, and so on, as ThroughputIT sends. */
  private static List<TicketEvent> interleaved(String prefix, int tickets, int versions) {
    return IntStream.range(0, versions)
        .boxed()
        .flatMap(version -> round(prefix, tickets, version).stream())
        .collect(Collectors.toList());
  }

  private static List<TicketEvent> round(String prefix, int tickets, int version) {
    return IntStream.range(0, tickets).mapToObj(ticket -> event(prefix + ticket, version)).toList();
  }

  private static TicketEvent event(String ticketId, int version) {
    return TicketEvent.of(
        ticketId,
        version,
        "show v" + version,
        BigDecimal.valueOf(version),
        "user-1",
        Instant.now());
  }

  /** A throughput figure: {@code events} settled in {@code nanos}. */
  record Figure(String label, int events, long nanos) {

    double perSecond() {
      return events * 1e9 / nanos;
    }

    String line() {
      return String.format(
          "%s: %,d events in %.2f s, %,.0f events/s", label, events, nanos / 1e9, perSecond());
    }
  }

  /**
   * {@code ticket_replicas} of a fresh database on the shared MongoDB, shaped like the projector's
   * (with its unique {@code {_id, version}} index), written by the raw reactive driver.
   */
  static final class Replicas implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final MongoClient client;
    private final MongoCollection<Document> collection;

    Replicas(String database) {
      client = MongoClients.create(SharedInfrastructure.mongoUri(database));
      collection = client.getDatabase(database).getCollection("ticket_replicas");
      Mono.from(
              collection.createIndex(
                  Indexes.ascending("_id", "version"),
                  new IndexOptions().unique(true).name("id_version")))
          .block(TIMEOUT);
    }

    /** An unconditional replace-upsert of the event's ticket. */
    static ReplaceOneModel<Document> upsert(TicketEvent event) {
      Document replica =
          new Document("_id", event.ticketId())
              .append("title", event.title())
              .append("price", new Decimal128(event.price()))
              .append("userId", event.userId())
              .append("version", event.version());
      return new ReplaceOneModel<>(
          Filters.eq("_id", event.ticketId()), replica, new ReplaceOptions().upsert(true));
    }

    /** One unordered {@code bulkWrite} per {@code BATCH} upserts, one after another. */
    void writeInBatches(List<ReplaceOneModel<Document>> upserts) {
      for (int from = 0; from < upserts.size(); from += BATCH) {
        List<ReplaceOneModel<Document>> batch =
            upserts.subList(from, Math.min(from + BATCH, upserts.size()));
        Mono.from(collection.bulkWrite(batch, new BulkWriteOptions().ordered(false)))
            .block(TIMEOUT);
      }
    }

    long count() {
      return Mono.from(collection.countDocuments()).block(TIMEOUT);
    }

    @Override
    public void close() {
      client.close();
    }
  }
}
