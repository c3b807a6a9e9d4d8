package dev.tickets.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tickets.projector.RunningProjector.Topic;
import dev.tickets.projector.projection.ForwardingReplicaStore;
import dev.tickets.projector.projection.ReplicaStore;
import dev.tickets.projector.projection.TicketReplica;
import dev.tickets.projector.projection.WriteResult;
import dev.tickets.testkit.TicketEvents;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * Invariant 6 at a graceful stop: a record still in flight blocks the commit of its partition at
 * its own offset, however many later records were acknowledged, and is delivered again to the next
 * consumer of the group.
 */
class StopCommitIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String STUCK = "stuck";
  private static final int LATER = 10;

  @Test
  void gracefulStopCommitsNothingPastARecordInFlightWhichTheNextConsumerApplies() throws Exception {
    try (Topic topic = new Topic("stop-commit")) {
      topic.create(1);
      topic.send(0, TicketEvents.version("t-first", 0));
      topic.send(0, TicketEvents.version(STUCK, 0));
      for (int ticket = 0; ticket < LATER; ticket++) {
        topic.send(0, TicketEvents.version("t-" + ticket, 0));
      }

      // One ticket a write, so that the hung write holds back no other ticket's record.
      try (RunningProjector first =
          topic.start(
              Map.of("order-projector.max-batch-size", "1"), StopCommitIT::neverWritingStuck)) {
        // Other tickets' records after the stuck one are applied and acknowledged behind it.
        await().atMost(WAIT).until(() -> first.records("applied") >= 3);
        await().atMost(WAIT).until(() -> topic.committed(0) == 1);
      }
      assertThat(topic.committed(0)).as("committed after the stop").isEqualTo(1);

      try (RunningProjector second = topic.start(Map.of())) {
        await()
            .atMost(WAIT)
            .untilAsserted(
                () ->
                    assertThat(second.replica(STUCK))
                        .extracting(TicketReplica::version)
                        .isEqualTo(0L));
        await().atMost(WAIT).until(() -> topic.committed(0) == LATER + 2);
      }
    }
  }

  /** A store whose write of the stuck ticket never completes, as a hung database call would. */
  private static ReplicaStore neverWritingStuck(ReplicaStore store) {
    return new ForwardingReplicaStore(store) {
      @Override
      public Mono<List<WriteResult>> write(List<TicketReplica> replicas) {
        return replicas.stream().anyMatch(replica -> STUCK.equals(replica.id()))
            ? Mono.never()
            : super.write(replicas);
      }
    };
  }
}
