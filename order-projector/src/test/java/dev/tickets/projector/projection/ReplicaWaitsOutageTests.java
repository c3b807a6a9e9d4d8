package dev.tickets.projector.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tickets.projector.projection.ReplicaWaits.Behind;
import dev.tickets.projector.projection.ReplicaWaits.Reached;
import dev.tickets.projector.projection.ReplicaWaits.Unavailable;
import dev.tickets.testkit.InMemoryReplicaStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * A read's wait ends within the time it was given, whatever the store does: it does not answer
 * (MongoDB cut off: the driver waits for a server), or it fails at once. And a wait of zero takes
 * no place.
 */
class ReplicaWaitsOutageTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Duration MAX_WAIT = Duration.ofSeconds(2);
  private static final Duration POLL = Duration.ofMillis(100);

  /** How the store answers: as it is, never, with an outage at once, or with a defect. */
  enum Mode {
    UP,
    SILENT,
    FAILING,
    BROKEN
  }

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
  private volatile Mode mode = Mode.UP;

  private final InMemoryReplicaStore store =
      new InMemoryReplicaStore() {
        @Override
        public Mono<TicketReplica> find(String ticketId) {
          return outage(super.find(ticketId));
        }

        @Override
        public Flux<TicketReplica> findAll(Collection<String> ticketIds) {
          return outage(Mono.<TicketReplica>empty()).thenMany(super.findAll(ticketIds));
        }
      };

  private final ReplicaWaits waits = new ReplicaWaits(store, 3, POLL, registry, time);

  private <T> Mono<T> outage(Mono<T> work) {
    switch (mode) {
      case SILENT:
        return Mono.never();
      case FAILING:
        return Mono.error(new InfrastructureUnavailable("MongoDB unavailable", null));
      case BROKEN:
        return Mono.error(new IllegalStateException("a replica that does not decode"));
      default:
        return work;
    }
  }

  private static TicketReplica replica(String id, long version) {
    return new TicketReplica(id, "concert v" + version, new BigDecimal("20.00"), "alice", version);
  }

  private double count(String state) {
    return registry.counter("projector.read.waits", "state", state).count();
  }

  @Test
  void aStoreThatNeverAnswersEndsTheReadAtItsTimeAsUnavailable() {
    mode = Mode.SILENT;

    StepVerifier.withVirtualTime(() -> waits.await("t-1", 1, MAX_WAIT), () -> time, 1)
        .expectSubscription()
        .expectNoEvent(MAX_WAIT.minusMillis(1))
        .thenAwait(Duration.ofMillis(1))
        .expectNext(new Unavailable())
        .expectComplete()
        .verify(TIMEOUT);

    assertThat(waits.waiting()).isZero();
    assertThat(count("unavailable")).isOne();
    assertThat(count("started")).isZero();
  }

  @Test
  void aStoreThatStopsAnsweringDuringTheWaitEndsItAtItsTimeWithTheVersionLastSeen() {
    store.holding(replica("t-1", 2));

    StepVerifier.withVirtualTime(() -> waits.await("t-1", 3, MAX_WAIT), () -> time, 1)
        .expectSubscription()
        .then(() -> mode = Mode.SILENT)
        .then(() -> waits.lookUpWaiting().subscribe())
        .thenAwait(MAX_WAIT)
        .expectNext(new Behind(2L))
        .expectComplete()
        .verify(TIMEOUT);

    assertThat(waits.waiting()).isZero();
    assertThat(count("timed-out")).isOne();
  }

  /** An outage, or a defect (a document that does not decode): counted, and looked up again. */
  @ParameterizedTest
  @EnumSource(
      value = Mode.class,
      names = {"FAILING", "BROKEN"})
  void aFailingLookUpIsCountedAndTheNextOneStillWakesTheRead(Mode failing) {
    store.holding(replica("t-1", 2));
    Disposable.Swap lookingUp = Disposables.swap();

    StepVerifier.withVirtualTime(() -> waits.await("t-1", 3, MAX_WAIT), () -> time, 1)
        .expectSubscription()
        .then(() -> mode = failing)
        .then(() -> lookingUp.update(waits.lookingUp().subscribe()))
        .thenAwait(POLL.multipliedBy(3))
        .then(
            () ->
                assertThat(registry.counter("projector.read.lookup.failures").count()).isEqualTo(3))
        .then(() -> store.holding(replica("t-1", 3)))
        .then(() -> mode = Mode.UP)
        .thenAwait(POLL)
        .expectNext(new Reached(replica("t-1", 3)))
        .expectComplete()
        .verify(TIMEOUT);

    lookingUp.dispose();
  }

  /** A defect in the read that follows the first (not an outage) is the read's error, counted. */
  @Test
  void aDefectInTheSecondReadFailsTheWaitAtOnce() {
    store.holding(replica("t-1", 2));
    InMemoryReplicaStore brokenAfterFirstRead =
        new InMemoryReplicaStore() {
          private final AtomicInteger reads = new AtomicInteger();

          @Override
          public Mono<TicketReplica> find(String ticketId) {
            return reads.incrementAndGet() == 1
                ? super.find(ticketId)
                : Mono.error(new IllegalStateException("a replica that does not decode"));
          }
        }.holding(replica("t-1", 2));
    ReplicaWaits broken = new ReplicaWaits(brokenAfterFirstRead, 3, POLL, registry, time);

    StepVerifier.withVirtualTime(() -> broken.await("t-1", 3, MAX_WAIT), () -> time, 1)
        .expectSubscription()
        .expectErrorMessage("a replica that does not decode")
        .verify(TIMEOUT);

    assertThat(broken.waiting()).isZero();
    assertThat(count("started")).isOne();
    assertThat(count("failed")).isOne();
    assertThat(count("timed-out")).isZero();
    assertThat(count("cancelled")).isZero();
  }

  @Test
  void aStoreFailingAtOnceFailsTheReadWithTheOutage() {
    mode = Mode.FAILING;

    StepVerifier.create(waits.await("t-1", 1, MAX_WAIT))
        .expectError(InfrastructureUnavailable.class)
        .verify(TIMEOUT);

    assertThat(waits.waiting()).isZero();
    assertThat(count("unavailable")).isOne();
  }

  @Test
  void aWaitOfZeroAnswersFromTheFirstReadAndTakesNoPlace() {
    store.holding(replica("t-1", 2));

    StepVerifier.create(waits.await("t-1", 3, Duration.ZERO))
        .expectNext(new Behind(2L))
        .expectComplete()
        .verify(TIMEOUT);
    StepVerifier.create(waits.await("t-1", 2, Duration.ZERO))
        .expectNext(new Reached(replica("t-1", 2)))
        .expectComplete()
        .verify(TIMEOUT);
    StepVerifier.create(waits.await("t-none", 0, Duration.ZERO))
        .expectNext(new Behind(null))
        .expectComplete()
        .verify(TIMEOUT);

    assertThat(count("started")).isZero();
    assertThat(count("refused")).isZero();
  }

  @Test
  void aWaitOfZeroIsAnsweredEvenWhenEveryPlaceIsTaken() {
    store.holding(replica("t-1", 2));
    for (int i = 0; i < 3; i++) {
      waits.await("t-" + i, 9, MAX_WAIT).subscribe();
    }
    assertThat(waits.waiting()).isEqualTo(3);

    StepVerifier.create(waits.await("t-1", 3, Duration.ZERO))
        .expectNext(new Behind(2L))
        .expectComplete()
        .verify(TIMEOUT);
  }
}
