package dev.tickets.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tickets.events.DeadLetterHeaders;
import dev.tickets.events.TicketEvent;
import dev.tickets.infra.KafkaTestClient;
import dev.tickets.projector.RunningProjector.Topic;
import dev.tickets.projector.projection.TicketReplica;
import dev.tickets.testkit.TicketEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The projector against a real Kafka broker and a MongoDB wire server, one topic per test. */
class ProjectorIT {

  static final Duration WAIT = Duration.ofSeconds(60);

  @RegisterExtension final Topic topic = new Topic("projector");
  RunningProjector projector;

  @Test
  void appliesProducedEventsEndToEnd() throws Exception {
    topic.create(3);
    List<TicketEvent> events = new ArrayList<>();
    for (int version = 0; version < 5; version++) {
      for (int ticket = 0; ticket < 20; ticket++) {
        events.add(TicketEvents.version("t-" + ticket, version));
      }
    }
    topic.sendAll(events);

    projector = topic.start(Map.of());

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              for (int ticket = 0; ticket < 20; ticket++) {
                assertThat(projector.replica("t-" + ticket))
                    .isEqualTo(TicketReplica.of(events.get(4 * 20 + ticket)));
              }
            });
    assertThat(projector.records("applied")).isEqualTo(100);
  }

  @Test
  void appliesAGapInOrderOnceTheMissingVersionArrivesOnAnotherPartition() throws Exception {
    topic.create(2);
    projector = topic.start(Map.of("order-projector.gap-timeout", "60s"));
    topic.send(0, TicketEvents.version("t-1", 0));
    await().atMost(WAIT).until(() -> projector.replica("t-1") != null);

    // Version 2 waits on partition 0 for version 1, which arrives on partition 1 (after a
    // repartition, or replayed by an operator): it applies, and version 2 right behind it.
    topic.send(0, TicketEvents.version("t-1", 2));
    await().atMost(WAIT).until(() -> projector.gapRetries() > 0);
    assertThat(projector.replica("t-1").version()).isZero();

    topic.send(1, TicketEvents.version("t-1", 1));

    await().atMost(WAIT).until(() -> projector.replica("t-1").version() == 2);
    assertThat(projector.replica("t-1").title()).isEqualTo("concert v2");
    await().atMost(WAIT).until(() -> topic.committed(0) == 2);
    assertThat(projector.records("applied")).isEqualTo(3);
    assertThat(projector.records("parked")).isZero();
  }

  /**
   * The original design's case: versions 0, 1, 3, 2 of one ticket, in that order on one partition.
   */
  @Test
  void appliesVersionsProducedAs0132InVersionOrderWithNothingParked() throws Exception {
    topic.create(1);
    projector = topic.start(Map.of("order-projector.gap-timeout", "60s"));
    for (long version : new long[] {0, 1, 3}) {
      topic.send(0, TicketEvents.version("t-1", version));
    }
    await().atMost(WAIT).until(() -> projector.gapRetries() > 0);
    assertThat(projector.replica("t-1").version()).isEqualTo(1);
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(10))
        .until(() -> topic.committed(0) == 2);

    topic.send(0, TicketEvents.version("t-1", 2));

    await().atMost(WAIT).until(() -> projector.replica("t-1").version() == 3);
    assertThat(projector.replica("t-1").title()).isEqualTo("concert v3");
    await().atMost(WAIT).until(() -> topic.committed(0) == 4);
    assertThat(projector.records("applied")).isEqualTo(4);
    assertThat(projector.records("parked")).isZero();
  }

  @Test
  void parksAGapPastItsWaitWithTheReasonAndMovesTheCommittedOffsetOn() throws Exception {
    topic.create(1);
    projector = topic.start(Map.of("order-projector.gap-timeout", "1s"));
    topic.send(0, TicketEvents.version("t-1", 0));
    topic.send(0, TicketEvents.version("t-1", 2));
    topic.send(0, TicketEvents.version("t-1", 3));

    List<ConsumerRecord<String, byte[]>> parked = topic.kafka.readAtLeast(topic.deadLetters(), 2);

    assertThat(parked)
        .extracting(r -> KafkaTestClient.header(r, DeadLetterHeaders.REASON))
        .containsExactly("gap-timeout", "predecessor-parked");
    assertThat(parked.get(0).key()).isEqualTo("t-1");
    assertThat(KafkaTestClient.header(parked.get(0), DeadLetterHeaders.ORIGINAL_TOPIC))
        .isEqualTo(topic.name);
    assertThat(KafkaTestClient.header(parked.get(0), DeadLetterHeaders.ORIGINAL_PARTITION))
        .isEqualTo("0");
    assertThat(parked)
        .extracting(r -> KafkaTestClient.header(r, DeadLetterHeaders.ORIGINAL_OFFSET))
        .containsExactly("1", "2");
    await().atMost(WAIT).until(() -> topic.committed(0) == 3);
    assertThat(projector.replica("t-1").version()).isZero();
  }

  @Test
  void parksAPoisonRecordAndAppliesTheRecordsAfterItOnTheSamePartition() throws Exception {
    topic.create(1);
    projector = topic.start(Map.of());
    topic.send(0, "t-1", "{\"type\":\"TicketCreated\",\"oops\"".getBytes());
    topic.send(0, TicketEvents.version("t-2", 0));
    topic.send(0, TicketEvents.version("t-2", 1));

    await()
        .atMost(WAIT)
        .until(() -> projector.replica("t-2") != null && projector.replica("t-2").version() == 1);
    List<ConsumerRecord<String, byte[]>> parked = topic.kafka.readAtLeast(topic.deadLetters(), 1);
    assertThat(parked)
        .singleElement()
        .satisfies(
            record -> {
              assertThat(KafkaTestClient.header(record, DeadLetterHeaders.REASON))
                  .isEqualTo("invalid-event");
              assertThat(KafkaTestClient.header(record, DeadLetterHeaders.DETAIL)).isNotBlank();
              assertThat(new String(record.value()))
                  .isEqualTo("{\"type\":\"TicketCreated\",\"oops\"");
            });
    await().atMost(WAIT).until(() -> topic.committed(0) == 3);
    assertThat(projector.replica("t-1")).isNull();
  }

  @Test
  void neverCommitsAnOffsetPastAnUnresolvedGap() throws Exception {
    topic.create(2);
    projector = topic.start(Map.of("order-projector.gap-timeout", "120s"));
    topic.send(0, TicketEvents.version("t-1", 0));
    topic.send(0, TicketEvents.version("t-1", 2));
    for (int version = 0; version < 5; version++) {
      topic.send(0, TicketEvents.version("t-2", version));
    }

    await()
        .atMost(WAIT)
        .until(() -> projector.replica("t-2") != null && projector.replica("t-2").version() == 4);
    await().atMost(WAIT).until(() -> topic.committed(0) == 1);
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(() -> topic.committed(0) == 1);

    topic.send(1, TicketEvents.version("t-1", 1));

    await().atMost(WAIT).until(() -> topic.committed(0) == 7);
    assertThat(projector.replica("t-1").version()).isEqualTo(2);
  }
}
