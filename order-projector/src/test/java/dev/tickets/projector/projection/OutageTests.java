package dev.tickets.projector.projection;

import static dev.tickets.testkit.TestDelivery.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tickets.testkit.InMemoryReplicaStore;
import dev.tickets.testkit.ProjectionHarness;
import dev.tickets.testkit.RecordingDeadLetters;
import dev.tickets.testkit.TestDelivery;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** A store outage delays a record, however long it lasts, and never acknowledges it meanwhile. */
class OutageTests {

  static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(5);

  final AtomicInteger failuresLeft = new AtomicInteger();
  final InMemoryReplicaStore store =
      new InMemoryReplicaStore() {
        @Override
        public Mono<List<WriteResult>> write(List<TicketReplica> replicas) {
          return Mono.defer(
              () ->
                  failuresLeft.getAndDecrement() > 0
                      ? Mono.error(
                          () ->
                              new InfrastructureUnavailable("down", new RuntimeException("socket")))
                      : super.write(replicas));
        }
      };
  final ProjectionHarness projection = withShortTimes().replicas(store).build();

  /** A gap waits 1 s; retries back off from 100 ms to 5 s. */
  static ProjectionHarness.Builder withShortTimes() {
    return ProjectionHarness.builder()
        .settings(
            ProjectionHarness.settings(
                Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(5)));
  }

  @Test
  void retriesAStoreOutageBeyondTheGapTimeoutWithoutAcknowledging() {
    failuresLeft.set(50);
    TestDelivery created = event("t-1", 0);

    StepVerifier.withVirtualTime(() -> projection.project(created))
        .expectSubscription()
        .expectNoEvent(Duration.ofSeconds(60))
        .then(() -> assertThat(created.acknowledged()).isFalse())
        .thenAwait(Duration.ofMinutes(10))
        .expectNext(ProjectionOutcome.APPLIED)
        .expectComplete()
        .verify(VERIFY_TIMEOUT);

    assertThat(failuresLeft.get()).isNegative();
    assertThat(created.acknowledgedCount()).isEqualTo(1);
  }

  @Test
  void retriesADeadLetterOutageAndAcknowledgesOnlyOnceParked() {
    AtomicInteger sendFailuresLeft = new AtomicInteger(20);
    RecordingDeadLetters recorded = new RecordingDeadLetters();
    DeadLetters flaky =
        (delivery, reason, detail) ->
            Mono.defer(
                () ->
                    sendFailuresLeft.getAndDecrement() > 0
                        ? Mono.error(
                            () ->
                                new InfrastructureUnavailable("kafka down", new RuntimeException()))
                        : recorded.park(delivery, reason, detail));
    ProjectionHarness parking = withShortTimes().deadLetters(flaky).build();
    TestDelivery poison = TestDelivery.raw("t-1", "not json");

    StepVerifier.withVirtualTime(() -> parking.project(poison))
        .expectSubscription()
        .expectNoEvent(Duration.ofSeconds(30))
        .then(() -> assertThat(poison.acknowledged()).isFalse())
        .thenAwait(Duration.ofMinutes(5))
        .expectNext(ProjectionOutcome.PARKED)
        .expectComplete()
        .verify(VERIFY_TIMEOUT);

    assertThat(recorded.parked()).hasSize(1);
    assertThat(poison.acknowledgedCount()).isEqualTo(1);
  }

  @Test
  void aDefectIsNotRetried() {
    InMemoryReplicaStore broken =
        new InMemoryReplicaStore() {
          @Override
          public Mono<List<WriteResult>> write(List<TicketReplica> replicas) {
            return Mono.error(() -> new IllegalStateException("defect"));
          }
        };
    ProjectionHarness failing = withShortTimes().replicas(broken).build();
    TestDelivery created = event("t-1", 0);

    failing
        .project(created)
        .as(StepVerifier::create)
        .expectError(IllegalStateException.class)
        .verify(VERIFY_TIMEOUT);

    assertThat(created.acknowledged()).isFalse();
  }
}
