package dev.tickets.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tickets.projector.RunningProjector.Topic;
import dev.tickets.projector.projection.TicketReplica;
import dev.tickets.testkit.TicketEvents;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A second instance joining the group takes partitions over without losing or skipping work. */
class RebalanceIT {

  static final Duration WAIT = Duration.ofSeconds(90);
  static final Map<String, String> NO_PERIODIC_COMMITS =
      Map.of("order-projector.commit-interval", "1h");

  @Test
  void commitsAcknowledgedOffsetsOnRevokeAndTheGroupFinishesTheStream() throws Exception {
    try (Topic topic = new Topic("rebalance")) {
      // Topics first: a consumer subscribing before would let the broker auto-create them.
      topic.create(4);
      commitsOnRevoke(topic);
    }
  }

  private void commitsOnRevoke(Topic topic) throws Exception {
    try (RunningProjector first = topic.start(NO_PERIODIC_COMMITS)) {
      topic.sendAll(RestartIT.versions(0, 4));
      await().atMost(WAIT).until(() -> first.records("applied") == RestartIT.TICKETS * 4);
      assertThat(topic.committedTotal()).as("no periodic commit").isZero();

      // Neither instance commits periodically: only the revoke of the first one's partitions,
      // when the second joins, can commit the 400 records it acknowledged.
      try (RunningProjector second = topic.start(NO_PERIODIC_COMMITS)) {
        await().atMost(WAIT).until(() -> topic.committedTotal() == RestartIT.TICKETS * 4);

        topic.sendAll(RestartIT.versions(4, RestartIT.VERSIONS));
        await()
            .atMost(WAIT)
            .untilAsserted(
                () -> {
                  for (int ticket = 0; ticket < RestartIT.TICKETS; ticket++) {
                    assertThat(second.replica("t-" + ticket))
                        .isEqualTo(
                            TicketReplica.of(
                                TicketEvents.version("t-" + ticket, RestartIT.VERSIONS - 1)));
                  }
                });
        assertThat(first.records("applied") + second.records("applied"))
            .isEqualTo(RestartIT.TICKETS * RestartIT.VERSIONS);
      }
    }
  }
}
