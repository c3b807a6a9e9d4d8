package dev.tickets.projector.projection.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import dev.tickets.projector.projection.Delivery;
import dev.tickets.projector.projection.FakeDelivery;
import dev.tickets.projector.projection.InMemoryParkedTickets;
import dev.tickets.projector.projection.InMemoryReplicaStore;
import dev.tickets.projector.projection.Projection;
import dev.tickets.projector.projection.ProjectionOutcome;
import dev.tickets.projector.projection.ProjectionSettings;
import dev.tickets.projector.projection.RecordingDeadLetters;
import dev.tickets.projector.projection.TicketReplica;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Concurrency across tickets and order within one, proven on virtual time: every write takes 10 ms
 * of virtual time, so writes that are allowed to overlap do overlap, deterministically.
 */
class ProjectionPipelineTests {

  static final int TICKETS = 100;
  static final int VERSIONS = 10;
  static final int PARTITIONS = 3;

  final InFlightRecordingStore store = new InFlightRecordingStore();
  final Projection projection = new Projection(store, new InMemoryParkedTickets(),
      new RecordingDeadLetters(), new ProjectionSettings(Duration.ofSeconds(30),
          Duration.ofMillis(100), Duration.ofSeconds(2)), new SimpleMeterRegistry());
  final ProjectionPipeline pipeline = new ProjectionPipeline(projection, 16);

  @Test
  void writesOfDifferentTicketsOverlapWhileOneTicketsWritesNeverDoAndKeepVersionOrder() {
    List<FakeDelivery> deliveries = interleavedEvents();

    StepVerifier.withVirtualTime(() -> pipeline.run(Flux.fromIterable(deliveries)))
        .thenAwait(Duration.ofHours(1))
        .expectNextCount(TICKETS * VERSIONS)
        .expectComplete()
        .verify(Duration.ofSeconds(30));

    assertThat(store.maxInFlight.get()).isGreaterThanOrEqualTo(8);
    assertThat(store.overlapWithinTicket).isFalse();
    store.appliedVersions.forEach((ticket, versions) -> assertThat(versions)
        .as("versions applied to %s", ticket)
        .containsExactlyElementsOf(LongStream.range(0, VERSIONS).boxed().toList()));
    assertThat(store.appliedVersions).hasSize(TICKETS);
    assertThat(deliveries).allSatisfy(d -> assertThat(d.acknowledgements()).isEqualTo(1));
  }

  /**
   * Regression: a rail waiting on a gap holds what arrives for it; with groupBy's default prefetch
   * those records used up its demand and stalled every other rail until the gap timed out.
   */
  @Test
  void otherTicketsKeepFlowingWhileOneRailWaitsOnAGap() {
    int others = 8_000;
    List<Delivery> deliveries = new ArrayList<>();
    deliveries.add(FakeDelivery.event("gap-ticket", 5, 0, 0));
    for (int ticket = 0; ticket < others; ticket++) {
      deliveries.add(FakeDelivery.event("t-" + ticket, 0, 0, ticket + 1));
    }
    ProjectionPipeline configured = new ProjectionPipeline(projection, 16, 10_000);
    int gapRail = configured.rail(deliveries.get(0));
    long onOtherRails = deliveries.stream().filter(d -> configured.rail(d) != gapRail).count();
    assertThat(deliveries.size() - onOtherRails).as("held behind the gap").isGreaterThan(256);

    StepVerifier.withVirtualTime(() -> configured.run(Flux.fromIterable(deliveries)))
        .thenAwait(Duration.ofSeconds(10))
        .expectNextCount(onOtherRails)
        .as("every ticket on another rail applied within 10 s, while the gap waits up to 30 s")
        .thenCancel()
        .verify(Duration.ofSeconds(30));

    assertThat(store.appliedVersions).hasSize((int) onOtherRails);
  }

  @Test
  void everyRecordOfATicketOnAPartitionTakesTheSameRail() {
    Delivery first = FakeDelivery.event("t-7", 0, 1, 10);
    Delivery later = FakeDelivery.event("t-7", 5, 1, 99);

    assertThat(pipeline.rail(first)).isEqualTo(pipeline.rail(later)).isBetween(0, 15);
  }

  /** Version v of every ticket before version v + 1 of any, each ticket on one partition. */
  static List<FakeDelivery> interleavedEvents() {
    List<FakeDelivery> deliveries = new ArrayList<>();
    long[] offsets = new long[PARTITIONS];
    for (int version = 0; version < VERSIONS; version++) {
      for (int ticket = 0; ticket < TICKETS; ticket++) {
        int partition = ticket % PARTITIONS;
        deliveries.add(FakeDelivery.event("t-" + ticket, version, partition,
            offsets[partition]++));
      }
    }
    return deliveries;
  }

  /** Each write completes after 10 ms (of virtual time), counting the writes in flight. */
  static class InFlightRecordingStore extends InMemoryReplicaStore {

    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final Map<String, AtomicInteger> inFlightPerTicket = new ConcurrentHashMap<>();
    final AtomicBoolean overlapWithinTicket = new AtomicBoolean();
    final Map<String, List<Long>> appliedVersions = new ConcurrentHashMap<>();

    @Override
    public Mono<Boolean> create(TicketReplica replica) {
      return slowly(replica, super.create(replica));
    }

    @Override
    public Mono<Boolean> advance(TicketReplica replica) {
      return slowly(replica, super.advance(replica));
    }

    private Mono<Boolean> slowly(TicketReplica replica, Mono<Boolean> write) {
      AtomicInteger ofTicket = inFlightPerTicket.computeIfAbsent(replica.id(),
          id -> new AtomicInteger());
      return Mono.delay(Duration.ofMillis(10))
          .doOnSubscribe(subscription -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            if (ofTicket.incrementAndGet() > 1) {
              overlapWithinTicket.set(true);
            }
          })
          .then(write)
          .doOnNext(applied -> {
            if (applied) {
              appliedVersions.computeIfAbsent(replica.id(), id -> new CopyOnWriteArrayList<>())
                  .add(replica.version());
            }
          })
          .doFinally(signal -> {
            ofTicket.decrementAndGet();
            inFlight.decrementAndGet();
          });
    }
  }
}
