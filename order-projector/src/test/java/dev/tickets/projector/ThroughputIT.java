package dev.tickets.projector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tickets.events.TicketEvent;
import dev.tickets.infra.Directories;
import dev.tickets.infra.SharedInfrastructure;
import dev.tickets.projector.RunningProjector.Topic;
import dev.tickets.projector.projection.TicketReplica;
import dev.tickets.testkit.TicketEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the projector: N = 20,000 events over 1,000 tickets, all produced before it starts,
 * timed from the started application until the replica holds every final version. Writes the figure
 * to {@code target/projector-throughput.txt}.
 */
class ThroughputIT {

  private static final Logger log = LoggerFactory.getLogger(ThroughputIT.class);

  static final int TICKETS = 1_000;
  static final int VERSIONS = 20;
  static final int PARTITIONS = 6;

  @Test
  void projects20000EventsOver1000Tickets() throws Exception {
    try (Topic topic = new Topic("throughput")) {
      topic.create(PARTITIONS);
      List<TicketEvent> events = new ArrayList<>();
      for (int version = 0; version < VERSIONS; version++) {
        for (int ticket = 0; ticket < TICKETS; ticket++) {
          events.add(TicketEvents.version("t-" + ticket, version));
        }
      }
      topic.sendAll(events);

      try (RunningProjector projector = topic.start(Map.of())) {
        RunningProjector.ApplyTimes times = projector.awaitApplied(events.size());
        double seconds = times.fromStart().toNanos() / 1e9;
        double steady = times.fromFirstApplied().toNanos() / 1e9;

        for (int ticket = 0; ticket < TICKETS; ticket++) {
          assertThat(projector.replica("t-" + ticket))
              .extracting(TicketReplica::version)
              .isEqualTo((long) VERSIONS - 1);
        }
        String figure =
            String.format(
                "order-projector: %d events over %d tickets, %d partitions: "
                    + "%.2f s from start, %.0f events/s; %.2f s from the first applied record, %.0f "
                    + "events/s; mean processing %.1f ms (%s)",
                events.size(),
                TICKETS,
                PARTITIONS,
                seconds,
                events.size() / seconds,
                steady,
                events.size() / steady,
                projector.meanProcessingMillis(),
                SharedInfrastructure.describe());
        log.info(figure);
        Directories.writeToTarget("projector-throughput.txt", figure + "\n");
      }
    }
  }
}
