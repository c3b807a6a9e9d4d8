package dev.tickets.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.tickets.infra.SharedInfrastructure;
import dev.tickets.projector.projection.TicketReplica;
import dev.tickets.testkit.TicketEvents;

/** A second instance joining the group takes partitions over without losing or skipping work. */
class RebalanceIT {

  static final Duration WAIT = Duration.ofSeconds(90);
  static final Map<String, String> NO_PERIODIC_COMMITS = Map.of(
      "order-projector.commit-interval", "1h");

  final String name = "rebalance-" + UUID.randomUUID().toString().substring(0, 8);

  @Test
  void commitsAcknowledgedOffsetsOnRevokeAndTheGroupFinishesTheStream() throws Exception {
    try (KafkaTestClient kafka = new KafkaTestClient(SharedInfrastructure.kafkaBootstrapServers())) {
      // Topics first: a consumer subscribing before would let the broker auto-create them.
      kafka.createTopics(4, name, name + ".DLT");
      commitsOnRevoke(kafka);
    }
  }

  private void commitsOnRevoke(KafkaTestClient kafka) throws Exception {
    try (RunningProjector first = RunningProjector.start(name, NO_PERIODIC_COMMITS)) {
      kafka.sendAll(name, RestartIT.versions(0, 4), 4);
      await().atMost(WAIT).until(() -> first.records("applied") == RestartIT.TICKETS * 4);
      assertThat(kafka.committedTotal(name)).as("no periodic commit").isZero();

      // Neither instance commits periodically: only the revoke of the first one's partitions,
      // when the second joins, can commit the 400 records it acknowledged.
      try (RunningProjector second = RunningProjector.start(name, NO_PERIODIC_COMMITS)) {
        await().atMost(WAIT).until(() -> kafka.committedTotal(name) == RestartIT.TICKETS * 4);

        kafka.sendAll(name, RestartIT.versions(4, RestartIT.VERSIONS), 4);
        await().atMost(WAIT).untilAsserted(() -> {
          for (int ticket = 0; ticket < RestartIT.TICKETS; ticket++) {
            assertThat(second.replica("t-" + ticket)).isEqualTo(TicketReplica.of(
                TicketEvents.version("t-" + ticket, RestartIT.VERSIONS - 1)));
          }
        });
        assertThat(first.records("applied") + second.records("applied"))
            .isEqualTo(RestartIT.TICKETS * RestartIT.VERSIONS);
      }
    }
  }
}
