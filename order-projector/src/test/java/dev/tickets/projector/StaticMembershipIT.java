package dev.tickets.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tickets.projector.RunningProjector.Topic;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With {@code order-projector.group-instance-id} (static membership, KIP-345), an instance that
 * restarts gets its partitions back without a rebalance: the other instance keeps consuming
 * undisturbed, and nothing waits for {@code session.timeout.ms}.
 */
class StaticMembershipIT {

  static final Duration WAIT = Duration.ofSeconds(60);

  /** Far longer than the test: a partition that waited for the session to expire would fail it. */
  static final String SESSION_TIMEOUT_MS = "120000";

  @Test
  void aRestartedStaticMemberGetsItsPartitionsBackWithoutARebalance() throws Exception {
    try (Topic topic = new Topic("static")) {
      topic.create(2);
      RunningProjector first = topic.start(member("projector-a"));
      try (RunningProjector second = topic.start(member("projector-b"))) {
        await()
            .atMost(WAIT)
            .until(() -> first.assignedPartitions() == 1 && second.assignedPartitions() == 1);
        topic.sendAll(RestartIT.versions(0, 2));
        await()
            .atMost(WAIT)
            .until(
                () ->
                    first.records("applied") + second.records("applied") == RestartIT.TICKETS * 2);
        assertThat(first.records("applied")).as("first's partition").isPositive();
        assertThat(second.records("applied")).as("second's partition").isPositive();
        double secondsRebalances = second.rebalances();
        assertThat(secondsRebalances).as("the rebalances metric, read").isPositive();
        double appliedByFirst = first.records("applied");

        first.close();
        try (RunningProjector restarted = topic.start(member("projector-a"))) {
          topic.sendAll(RestartIT.versions(2, 4));
          await()
              .atMost(WAIT)
              .until(
                  () ->
                      appliedByFirst + second.records("applied") + restarted.records("applied")
                          == RestartIT.TICKETS * 4);
          assertThat(restarted.records("applied"))
              .as("the restarted instance consumes its former partition")
              .isPositive();
          assertThat(restarted.assignedPartitions()).isEqualTo(1);
          assertThat(second.assignedPartitions()).isEqualTo(1);
          assertThat(second.rebalances())
              .as("rebalances of the other instance while the first one restarted")
              .isEqualTo(secondsRebalances);
        }
      }
    }
  }

  private static Map<String, String> member(String instanceId) {
    return Map.of(
        "order-projector.group-instance-id",
        instanceId,
        "order-projector.kafka.consumer.session.timeout.ms",
        SESSION_TIMEOUT_MS);
  }
}
