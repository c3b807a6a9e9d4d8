package dev.tickets.projector.projection;

import static dev.tickets.projector.projection.ProjectionOutcome.APPLIED;
import static dev.tickets.projector.projection.ProjectionOutcome.PARKED;
import static dev.tickets.testkit.TestDelivery.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tickets.testkit.InMemoryReplicaStore;
import dev.tickets.testkit.ProjectionHarness;
import dev.tickets.testkit.RecordingDeadLetters;
import dev.tickets.testkit.TestDelivery;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** Each ticket's versions apply in version order, whatever their order in the log. */
class VersionOrderTests {

  static final Duration GAP_TIMEOUT = Duration.ofSeconds(30);
  static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(10);

  final InMemoryReplicaStore store = new InMemoryReplicaStore();
  final RecordingDeadLetters deadLetters = new RecordingDeadLetters();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  ProjectionHarness projection(ReplicaStore replicas, int maxWritesInFlight, int maxUnsettled) {
    return ProjectionHarness.builder()
        .replicas(replicas)
        .deadLetters(deadLetters)
        .registry(registry)
        .settings(
            new ProjectionSettings(
                GAP_TIMEOUT,
                Duration.ofMillis(100),
                Duration.ofSeconds(2),
                maxWritesInFlight,
                500,
                maxUnsettled))
        .build();
  }

  /** The original design's listener case: versions 0, 1, 3, 2 of one ticket on one partition. */
  @Test
  void appliesVersionsArrivingAs0132InOrderAndAcknowledgesVersion3OnlyAfterVersion2Applied() {
    List<TestDelivery> log =
        List.of(
            event("t-1", 0, 0, 0),
            event("t-1", 1, 0, 1),
            event("t-1", 3, 0, 2),
            event("t-1", 2, 0, 3));
    AtomicLong replicaWhenThirdAcknowledged = new AtomicLong(-1);
    log.get(2).onAcknowledge(() -> replicaWhenThirdAcknowledged.set(store.get("t-1").version()));
    Sinks.Many<Delivery> records = Sinks.many().unicast().onBackpressureBuffer();

    projection(store, 8, 10_000)
        .run(records.asFlux())
        .as(StepVerifier::create)
        .then(() -> log.subList(0, 3).forEach(records::tryEmitNext))
        .expectNext(APPLIED, APPLIED)
        .then(() -> assertThat(log.get(2).acknowledged()).as("version 3 before 2").isFalse())
        .then(() -> records.tryEmitNext(log.get(3)))
        .expectNext(APPLIED, APPLIED)
        .then(records::tryEmitComplete)
        .expectComplete()
        .verify(VERIFY_TIMEOUT);

    assertThat(store.written("t-1")).containsExactly(0L, 1L, 2L, 3L);
    assertThat(replicaWhenThirdAcknowledged).hasValue(3);
    assertThat(log).allSatisfy(record -> assertThat(record.acknowledgedCount()).isEqualTo(1));
    assertThat(deadLetters.parked()).isEmpty();
  }

  @Test
  void aHeldVersionAppliesRightBehindItsPredecessorWithoutWaitingForABackoff() {
    Sinks.Many<Delivery> records = Sinks.many().unicast().onBackpressureBuffer();

    StepVerifier.withVirtualTime(() -> projection(store, 8, 10_000).run(records.asFlux()))
        .then(
            () -> {
              records.tryEmitNext(event("t-1", 0, 0, 0));
              records.tryEmitNext(event("t-1", 2, 0, 1));
            })
        .expectNext(APPLIED)
        .then(() -> records.tryEmitNext(event("t-1", 1, 1, 0)))
        .as("no virtual time passes, so no backoff can have run")
        .expectNext(APPLIED, APPLIED)
        .then(records::tryEmitComplete)
        .expectComplete()
        .verify(VERIFY_TIMEOUT);

    assertThat(store.written("t-1")).containsExactly(0L, 1L, 2L);
    assertThat(registry.counter("projector.gap.retries").count()).isZero();
  }

  @Test
  void acknowledgesEveryCopyOfAVersionOnceItApplied() {
    List<TestDelivery> log =
        List.of(
            event("t-1", 1, 0, 0),
            event("t-1", 1, 0, 1),
            event("t-1", 0, 0, 2),
            event("t-1", 1, 0, 3));

    projection(store, 8, 10_000)
        .run(Flux.fromIterable(log))
        .collectList()
        .as(StepVerifier::create)
        .assertNext(
            outcomes ->
                assertThat(outcomes)
                    .containsExactlyInAnyOrder(
                        APPLIED, APPLIED, ProjectionOutcome.DUPLICATE, ProjectionOutcome.DUPLICATE))
        .expectComplete()
        .verify(VERIFY_TIMEOUT);

    assertThat(store.written("t-1")).containsExactly(0L, 1L);
    assertThat(log).allSatisfy(record -> assertThat(record.acknowledgedCount()).isEqualTo(1));
  }

  /** Isolation: every other ticket applies while one waits, with no virtual time passing. */
  @Test
  void aTicketWaitingOnAGapHoldsBackNoOtherTicket() {
    List<Delivery> log = new ArrayList<>();
    log.add(event("gap-ticket", 0, 0, 0));
    TestDelivery held = event("gap-ticket", 2, 0, 1);
    log.add(held);
    int others = 500;
    for (int version = 0; version < 3; version++) {
      for (int ticket = 0; ticket < others; ticket++) {
        log.add(event("t-" + ticket, version, 0, log.size()));
      }
    }

    StepVerifier.withVirtualTime(() -> projection(store, 8, 10_000).run(Flux.fromIterable(log)))
        .expectNextCount(1 + others * 3)
        .then(() -> assertThat(held.acknowledged()).isFalse())
        .thenAwait(GAP_TIMEOUT)
        .expectNext(PARKED)
        .expectComplete()
        .verify(VERIFY_TIMEOUT);

    assertThat(store.all()).hasSize(others + 1);
    assertThat(store.get("gap-ticket").version()).isZero();
    assertThat(deadLetters.parked())
        .singleElement()
        .extracting(RecordingDeadLetters.Parked::delivery)
        .isSameAs(held);
  }

  /** A ticket whose writes keep losing races backs off alone, retried in writes of its own. */
  @Test
  void aTicketRetryingLostRacesHoldsBackNoOtherTicket() {
    InMemoryReplicaStore racing =
        new InMemoryReplicaStore() {
          int racesLeft = 5;

          @Override
          protected WriteResult write(TicketReplica replica) {
            boolean race = replica.id().equals("racer") && racesLeft-- > 0;
            return race
                ? WriteResult.notWritten(replica.version() == 0 ? null : replica.version() - 1)
                : super.write(replica);
          }
        };
    List<Delivery> log = new ArrayList<>();
    log.add(event("racer", 0, 0, 0));
    for (int ticket = 0; ticket < 100; ticket++) {
      log.add(event("t-" + ticket, 0, 0, ticket + 1));
    }

    StepVerifier.withVirtualTime(() -> projection(racing, 8, 10_000).run(Flux.fromIterable(log)))
        .expectNextCount(100)
        .thenAwait(Duration.ofMinutes(1))
        .expectNext(APPLIED)
        .expectComplete()
        .verify(VERIFY_TIMEOUT);

    List<List<String>> retries =
        racing.batches().stream().filter(batch -> batch.contains("racer")).skip(1).toList();
    assertThat(retries).hasSize(5).allSatisfy(batch -> assertThat(batch).hasSize(1));
  }

  @Test
  void writesTicketsThatBecameReadyTogetherInOneWriteAndALoneRecordAtOnce() {
    Sinks.Empty<Void> firstWriteDone = Sinks.empty();
    InMemoryReplicaStore slowFirst =
        new InMemoryReplicaStore() {
          @Override
          public Mono<List<WriteResult>> write(List<TicketReplica> batch) {
            return batch.get(0).id().equals("first")
                ? firstWriteDone.asMono().then(super.write(batch))
                : super.write(batch);
          }
        };
    Sinks.Many<Delivery> records = Sinks.many().unicast().onBackpressureBuffer();

    projection(slowFirst, 1, 10_000)
        .run(records.asFlux())
        .as(StepVerifier::create)
        .then(() -> records.tryEmitNext(event("first", 0, 0, 0)))
        .then(
            () ->
                assertThat(slowFirst.batches())
                    .as("no wait for a batch to fill")
                    .containsExactly(List.of("first")))
        .then(
            () -> {
              for (int ticket = 0; ticket < 99; ticket++) {
                records.tryEmitNext(event("t-" + ticket, 0, 0, ticket + 1));
              }
              firstWriteDone.tryEmitEmpty();
            })
        .expectNextCount(100)
        .then(records::tryEmitComplete)
        .expectComplete()
        .verify(VERIFY_TIMEOUT);

    assertThat(slowFirst.batches()).extracting(List::size).containsExactly(1, 99);
  }

  @Test
  void requestsNoMoreRecordsThanMayWaitUnsettled() {
    AtomicLong requested = new AtomicLong();
    List<Delivery> gaps = new ArrayList<>();
    for (int ticket = 0; ticket < 50; ticket++) {
      gaps.add(event("t-" + ticket, 1, 0, ticket));
    }

    StepVerifier.withVirtualTime(
            () ->
                projection(store, 8, 10)
                    .run(Flux.fromIterable(gaps).doOnRequest(requested::addAndGet)))
        .expectSubscription()
        .expectNoEvent(GAP_TIMEOUT.minusSeconds(1))
        .then(
            () -> {
              assertThat(store.batches().stream().flatMap(List::stream).distinct())
                  .as("tickets looked at while 10 records are held")
                  .hasSize(10);
              assertThat(requested.get())
                  .as("requested: the held ones and a small prefetch")
                  .isLessThanOrEqualTo(10 + 32);
            })
        .thenAwait(GAP_TIMEOUT.multipliedBy(10))
        .expectNextCount(50)
        .expectComplete()
        .verify(VERIFY_TIMEOUT);
  }

  /** Regression (review): a replica that vanished made its ticket rewrite a gap with no delay. */
  @Test
  void aReplicaReportedLowerThanBeforeIsHeldNotRewrittenWithoutDelay() {
    AtomicLong writesOfVersion2 = new AtomicLong();
    InMemoryReplicaStore rebuilt =
        new InMemoryReplicaStore() {
          volatile boolean vanished;

          @Override
          public Mono<List<WriteResult>> write(List<TicketReplica> batch) {
            if (batch.stream().anyMatch(replica -> replica.version() == 2)) {
              vanished = true;
              if (writesOfVersion2.incrementAndGet() > 1_000) {
                return Mono.error(new IllegalStateException("hot loop"));
              }
            }
            return vanished ? Mono.just(List.of(WriteResult.notWritten(null))) : super.write(batch);
          }
        };
    Sinks.Many<Delivery> records = Sinks.many().unicast().onBackpressureBuffer();

    StepVerifier.withVirtualTime(() -> projection(rebuilt, 8, 10_000).run(records.asFlux()))
        .then(
            () -> {
              records.tryEmitNext(event("t-1", 0, 0, 0));
              records.tryEmitNext(event("t-1", 1, 0, 1));
              records.tryEmitNext(event("t-1", 3, 0, 2));
            })
        .expectNextCount(2)
        .then(() -> records.tryEmitNext(event("t-1", 2, 0, 3)))
        .then(() -> assertThat(writesOfVersion2).as("writes before any time passed").hasValue(1))
        .thenCancel()
        .verify(VERIFY_TIMEOUT);
  }
}
