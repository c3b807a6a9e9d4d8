package dev.tickets.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tickets.events.TicketEvent;
import dev.tickets.projector.RunningProjector.Topic;
import dev.tickets.projector.projection.ForwardingReplicaStore;
import dev.tickets.projector.projection.ReplicaStore;
import dev.tickets.projector.projection.TicketReplica;
import dev.tickets.projector.projection.WriteResult;
import dev.tickets.testkit.TicketEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Stopping the projector mid-stream and starting a new one on the same group loses nothing. */
class RestartIT {

  static final int TICKETS = 100;
  static final int VERSIONS = 10;
  static final Duration WAIT = Duration.ofSeconds(90);

  @Test
  void restartMidStreamEndsEqualToTheSourceWithNoVersionAppliedTwice() throws Exception {
    try (Topic topic = new Topic("restart")) {
      topic.create(3);
      topic.sendAll(versions(0, 4));

      // Offsets are committed only when the first projector stops: its graceful stop must commit
      // every record it acknowledged, and nothing it did not.
      AppliedWrites writes = new AppliedWrites();
      RunningProjector first =
          topic.start(Map.of("order-projector.commit-interval", "1h"), writes::counting);
      await().atMost(WAIT).until(() -> first.records("applied") == TICKETS * 4);
      topic.sendAll(versions(4, 7));
      first.close();
      long committedByFirst = topic.committedTotal();
      assertThat(committedByFirst).isBetween((long) TICKETS * 4, (long) TICKETS * 7);

      try (RunningProjector second = topic.start(Map.of(), writes::counting)) {
        topic.sendAll(versions(7, VERSIONS));

        await()
            .atMost(WAIT)
            .untilAsserted(
                () -> {
                  for (int ticket = 0; ticket < TICKETS; ticket++) {
                    assertThat(second.replica("t-" + ticket))
                        .extracting(TicketReplica::version)
                        .isEqualTo((long) VERSIONS - 1);
                  }
                });
        for (int ticket = 0; ticket < TICKETS; ticket++) {
          assertThat(second.replica("t-" + ticket))
              .isEqualTo(TicketReplica.of(TicketEvents.version("t-" + ticket, VERSIONS - 1)));
        }
        // A write can complete in MongoDB after the stop cancelled its step: the spy then misses
        // it and the second projector finds it a duplicate. A version applied twice counts 2.
        assertThat(writes.counts())
            .as("successful writes per ticket@version")
            .allSatisfy((version, count) -> assertThat(count).as(version).isEqualTo(1))
            .hasSizeGreaterThan(TICKETS * (VERSIONS - 4));
        assertThat(first.records("applied") + second.records("applied"))
            .isLessThanOrEqualTo(TICKETS * VERSIONS);
        assertThat(second.records("parked")).isZero();
        await().atMost(WAIT).until(() -> topic.committedTotal() == TICKETS * VERSIONS);
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

  /**
   * A store spy: counts the conditional writes that succeeded, per ticket and version. It writes
   * each replica on its own: a bulk write reports only how many of its updates matched, so when
   * some were duplicates it cannot tell which were written (see {@code BulkWriteResults}); a single
   * update's matched count names it exactly.
   */
  static final class AppliedWrites {

    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    ReplicaStore counting(ReplicaStore store) {
      return new ForwardingReplicaStore(store) {
        @Override
        public Mono<List<WriteResult>> write(List<TicketReplica> replicas) {
          return Flux.fromIterable(replicas)
              .concatMap(
                  replica ->
                      super.write(List.of(replica))
                          .doOnNext(results -> count(replica, results.get(0).written()))
                          .map(results -> results.get(0)))
              .collectList();
        }
      };
    }

    private void count(TicketReplica replica, boolean applied) {
      if (applied) {
        counts
            .computeIfAbsent(replica.id() + "@" + replica.version(), key -> new AtomicInteger())
            .incrementAndGet();
      }
    }

    /** How often each ticket@version was written; a version applied twice counts 2. */
    Map<String, Integer> counts() {
      Map<String, Integer> snapshot = new ConcurrentHashMap<>();
      counts.forEach((key, count) -> snapshot.put(key, count.get()));
      return snapshot;
    }
  }
}
