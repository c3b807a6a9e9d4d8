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

import org.junit.jupiter.api.Test;

import dev.tickets.events.TicketEvent;
import dev.tickets.infra.SharedInfrastructure;
import dev.tickets.projector.projection.TicketReplica;
import dev.tickets.testkit.TicketEvents;

/** Stopping the projector mid-stream and starting a new one on the same group loses nothing. */
class RestartIT {

  static final int TICKETS = 100;
  static final int VERSIONS = 10;
  static final Duration WAIT = Duration.ofSeconds(90);

  final String name = "restart-" + UUID.randomUUID().toString().substring(0, 8);

  @Test
  void restartMidStreamEndsEqualToTheSourceWithNoVersionAppliedTwice() throws Exception {
    try (KafkaTestClient kafka = new KafkaTestClient(SharedInfrastructure.kafkaBootstrapServers())) {
      kafka.createTopics(3, name, name + ".DLT");
      kafka.sendAll(name, versions(0, 4), 3);

      // Offsets are committed only when the first projector stops: its graceful stop must commit
      // every record it acknowledged, and nothing it did not.
      AppliedWrites writes = new AppliedWrites();
      RunningProjector first = RunningProjector.start(name,
          Map.of("order-projector.commit-interval", "1h"), writes::counting);
      await().atMost(WAIT).until(() -> first.records("applied") == TICKETS * 4);
      kafka.sendAll(name, versions(4, 7), 3);
      first.close();
      long committedByFirst = kafka.committedTotal(name);
      assertThat(committedByFirst).isBetween((long) TICKETS * 4, (long) TICKETS * 7);

      try (RunningProjector second = RunningProjector.start(name, Map.of(), writes::counting)) {
        kafka.sendAll(name, versions(7, VERSIONS), 3);

        await().atMost(WAIT).untilAsserted(() -> {
          for (int ticket = 0; ticket < TICKETS; ticket++) {
            assertThat(second.replica("t-" + ticket)).extracting(TicketReplica::version)
                .isEqualTo((long) VERSIONS - 1);
          }
        });
        for (int ticket = 0; ticket < TICKETS; ticket++) {
          assertThat(second.replica("t-" + ticket)).isEqualTo(TicketReplica.of(
              TicketEvents.version("t-" + ticket, VERSIONS - 1)));
        }
        // A write can complete in MongoDB after the stop cancelled its step: the spy then misses
        // it and the second projector finds it a duplicate. A version applied twice counts 2.
        assertThat(writes.counts()).as("successful writes per ticket@version")
            .allSatisfy((version, count) -> assertThat(count).as(version).isEqualTo(1))
            .hasSizeGreaterThan(TICKETS * (VERSIONS - 4));
        assertThat(first.records("applied") + second.records("applied"))
            .isLessThanOrEqualTo(TICKETS * VERSIONS);
        assertThat(second.records("parked")).isZero();
        await().atMost(WAIT).until(() -> kafka.committedTotal(name) == TICKETS * VERSIONS);
      }
    }
  }

  static List<TicketEvent> versions(int from, int to) {
    List<TicketEvent> events = new ArrayList<>();
    for (int version = from; version < to; version++) {
      for (int ticket = 0; ticket < TICKETS; ticket++) {
        events.add(TicketEvents.version("t-" + ticket, version));
      }
    }
    return events;
  }

}
