package dev.tickets.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tickets.events.DeadLetterHeaders;
import dev.tickets.events.TicketEvent;
import dev.tickets.infra.SharedInfrastructure;
import dev.tickets.projector.projection.TicketReplica;
import dev.tickets.testkit.TicketEvents;

/** The projector against a real Kafka broker and a MongoDB wire server, one topic per test. */
class ProjectorIT {

  static final Duration WAIT = Duration.ofSeconds(60);

  final String name = "projector-" + UUID.randomUUID().toString().substring(0, 8);
  final String deadLetters = name + ".DLT";
  KafkaTestClient kafka;
  RunningProjector projector;

  @BeforeEach
  void connect() {
    kafka = new KafkaTestClient(SharedInfrastructure.kafkaBootstrapServers());
  }

  @AfterEach
  void close() {
    if (projector != null) {
      projector.close();
    }
    kafka.close();
  }

  @Test
  void appliesProducedEventsEndToEnd() throws Exception {
    kafka.createTopics(3, name, deadLetters);
    List<TicketEvent> events = new ArrayList<>();
    for (int version = 0; version < 5; version++) {
      for (int ticket = 0; ticket < 20; ticket++) {
        events.add(TicketEvents.version("t-" + ticket, version));
      }
    }
    kafka.sendAll(name, events, 3);

    projector = RunningProjector.start(name, Map.of());

    await().atMost(WAIT).untilAsserted(() -> {
      for (int ticket = 0; ticket < 20; ticket++) {
        assertThat(projector.replica("t-" + ticket)).isEqualTo(TicketReplica.of(
            events.get(4 * 20 + ticket)));
      }
    });
    assertThat(projector.records("applied")).isEqualTo(100);
  }

  @Test
  void appliesAGapInOrderOnceTheMissingVersionArrivesOnAnotherPartition() throws Exception {
    kafka.createTopics(2, name, deadLetters);
    projector = RunningProjector.start(name, Map.of("order-projector.gap-timeout", "60s"));
    kafka.send(name, 0, TicketEvents.version("t-1", 0));
    await().atMost(WAIT).until(() -> projector.replica("t-1") != null);

    // Version 2 waits on partition 0 for version 1, which arrives on partition 1 (after a
    // repartition, or replayed by an operator): it applies, and version 2 right behind it.
    kafka.send(name, 0, TicketEvents.version("t-1", 2));
    await().atMost(WAIT).until(() -> projector.gapRetries() > 0);
    assertThat(projector.replica("t-1").version()).isZero();

    kafka.send(name, 1, TicketEvents.version("t-1", 1));

    await().atMost(WAIT).until(() -> projector.replica("t-1").version() == 2);
    assertThat(projector.replica("t-1").title()).isEqualTo("concert v2");
    await().atMost(WAIT).until(() -> kafka.committed(name, name, 0) == 2);
    assertThat(projector.records("applied")).isEqualTo(3);
    assertThat(projector.records("parked")).isZero();
  }

  /** The original design's case: versions 0, 1, 3, 2 of one ticket, in that order on one partition. */
  @Test
  void appliesVersionsProducedAs0132InVersionOrderWithNothingParked() throws Exception {
    kafka.createTopics(1, name, deadLetters);
    projector = RunningProjector.start(name, Map.of("order-projector.gap-timeout", "60s"));
    for (long version : new long[] { 0, 1, 3 }) {
      kafka.send(name, 0, TicketEvents.version("t-1", version));
    }
    await().atMost(WAIT).until(() -> projector.gapRetries() > 0);
    assertThat(projector.replica("t-1").version()).isEqualTo(1);
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
        .until(() -> kafka.committed(name, name, 0) == 2);

    kafka.send(name, 0, TicketEvents.version("t-1", 2));

    await().atMost(WAIT).until(() -> projector.replica("t-1").version() == 3);
    assertThat(projector.replica("t-1").title()).isEqualTo("concert v3");
    await().atMost(WAIT).until(() -> kafka.committed(name, name, 0) == 4);
    assertThat(projector.records("applied")).isEqualTo(4);
    assertThat(projector.records("parked")).isZero();
  }

  @Test
  void parksAGapPastItsWaitWithTheReasonAndMovesTheCommittedOffsetOn() throws Exception {
    kafka.createTopics(1, name, deadLetters);
    projector = RunningProjector.start(name, Map.of("order-projector.gap-timeout", "1s"));
    kafka.send(name, 0, TicketEvents.version("t-1", 0));
    kafka.send(name, 0, TicketEvents.version("t-1", 2));
    kafka.send(name, 0, TicketEvents.version("t-1", 3));

    List<ConsumerRecord<String, byte[]>> parked = kafka.readAll(deadLetters, 2);

    assertThat(parked).extracting(r -> KafkaTestClient.header(r, DeadLetterHeaders.REASON))
        .containsExactly("gap-timeout", "predecessor-parked");
    assertThat(parked.get(0).key()).isEqualTo("t-1");
    assertThat(KafkaTestClient.header(parked.get(0), DeadLetterHeaders.ORIGINAL_TOPIC))
        .isEqualTo(name);
    assertThat(KafkaTestClient.header(parked.get(0), DeadLetterHeaders.ORIGINAL_PARTITION))
        .isEqualTo("0");
    assertThat(parked).extracting(r -> KafkaTestClient.header(r, DeadLetterHeaders.ORIGINAL_OFFSET))
        .containsExactly("1", "2");
    await().atMost(WAIT).until(() -> kafka.committed(name, name, 0) == 3);
    assertThat(projector.replica("t-1").version()).isZero();
  }

  @Test
  void parksAPoisonRecordAndAppliesTheRecordsAfterItOnTheSamePartition() throws Exception {
    kafka.createTopics(1, name, deadLetters);
    projector = RunningProjector.start(name, Map.of());
    kafka.send(name, 0, "t-1", "{\"type\":\"TicketCreated\",\"oops\"".getBytes());
    kafka.send(name, 0, TicketEvents.version("t-2", 0));
    kafka.send(name, 0, TicketEvents.version("t-2", 1));

    await().atMost(WAIT).until(() -> projector.replica("t-2") != null
        && projector.replica("t-2").version() == 1);
    List<ConsumerRecord<String, byte[]>> parked = kafka.readAll(deadLetters, 1);
    assertThat(parked).singleElement().satisfies(record -> {
      assertThat(KafkaTestClient.header(record, DeadLetterHeaders.REASON))
          .isEqualTo("invalid-event");
      assertThat(KafkaTestClient.header(record, DeadLetterHeaders.DETAIL)).isNotBlank();
      assertThat(new String(record.value())).isEqualTo("{\"type\":\"TicketCreated\",\"oops\"");
    });
    await().atMost(WAIT).until(() -> kafka.committed(name, name, 0) == 3);
    assertThat(projector.replica("t-1")).isNull();
  }

  @Test
  void neverCommitsAnOffsetPastAnUnresolvedGap() throws Exception {
    kafka.createTopics(2, name, deadLetters);
    projector = RunningProjector.start(name, Map.of("order-projector.gap-timeout", "120s"));
    kafka.send(name, 0, TicketEvents.version("t-1", 0));
    kafka.send(name, 0, TicketEvents.version("t-1", 2));
    for (int version = 0; version < 5; version++) {
      kafka.send(name, 0, TicketEvents.version("t-2", version));
    }

    await().atMost(WAIT).until(() -> projector.replica("t-2") != null
        && projector.replica("t-2").version() == 4);
    await().atMost(WAIT).until(() -> kafka.committed(name, name, 0) == 1);
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
        .until(() -> kafka.committed(name, name, 0) == 1);

    kafka.send(name, 1, TicketEvents.version("t-1", 1));

    await().atMost(WAIT).until(() -> kafka.committed(name, name, 0) == 7);
    assertThat(projector.replica("t-1").version()).isEqualTo(2);
  }
}
