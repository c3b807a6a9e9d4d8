package dev.tickets.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tickets.events.TicketEvent;
import dev.tickets.infra.SharedInfrastructure;
import dev.tickets.projector.projection.TicketReplica;
import dev.tickets.testkit.TicketEvents;

/**
 * Measures the projector: N = 20,000 events over 1,000 tickets, all produced before it starts,
 * timed from the started application until the replica holds every final version. Writes the
 * figure to {@code target/projector-throughput.txt}.
 */
class ThroughputIT {

  private static final Logger log = LoggerFactory.getLogger(ThroughputIT.class);

  static final int TICKETS = 1_000;
  static final int VERSIONS = 20;
  static final int PARTITIONS = 6;

  final String name = "throughput-" + UUID.randomUUID().toString().substring(0, 8);

  @Test
  void projects20000EventsOver1000Tickets() throws Exception {
    try (KafkaTestClient kafka = new KafkaTestClient(SharedInfrastructure.kafkaBootstrapServers())) {
      kafka.createTopics(PARTITIONS, name, name + ".DLT");
      List<TicketEvent> events = new ArrayList<>();
      for (int version = 0; version < VERSIONS; version++) {
        for (int ticket = 0; ticket < TICKETS; ticket++) {
          events.add(TicketEvents.version("t-" + ticket, version));
        }
      }
      kafka.sendAll(name, events, PARTITIONS);

      try (RunningProjector projector = RunningProjector.start(name, Map.of())) {
        long started = System.nanoTime();
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(10))
            .until(() -> projector.records("applied") > 0);
        long firstApplied = System.nanoTime();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50))
            .until(() -> projector.records("applied") == events.size());
        long finished = System.nanoTime();
        double seconds = (finished - started) / 1e9;
        double steady = (finished - firstApplied) / 1e9;

        for (int ticket = 0; ticket < TICKETS; ticket++) {
          assertThat(projector.replica("t-" + ticket)).extracting(TicketReplica::version)
              .isEqualTo((long) VERSIONS - 1);
        }
        String figure = String.format("order-projector: %d events over %d tickets, %d partitions: "
            + "%.2f s from start, %.0f events/s; %.2f s from the first applied record, %.0f "
            + "events/s; mean processing %.1f ms (%s)", events.size(), TICKETS, PARTITIONS,
            seconds, events.size() / seconds, steady, events.size() / steady,
            projector.meanProcessingMillis(), SharedInfrastructure.describe());
        log.info(figure);
        Files.writeString(Path.of("target", "projector-throughput.txt"), figure + "\n");
      }
    }
  }
}
