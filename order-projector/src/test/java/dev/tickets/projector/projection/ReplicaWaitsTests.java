package dev.tickets.projector.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tickets.projector.projection.ReplicaWaits.Answer;
import dev.tickets.projector.projection.ReplicaWaits.Behind;
import dev.tickets.projector.projection.ReplicaWaits.Reached;
import dev.tickets.projector.projection.ReplicaWaits.Refused;
import dev.tickets.testkit.InMemoryReplicaStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class ReplicaWaitsTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Duration MAX_WAIT = Duration.ofSeconds(5);
  private static final Duration POLL = Duration.ofMillis(100);

  private final InMemoryReplicaStore store = new InMemoryReplicaStore();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ReplicaWaits waits = new ReplicaWaits(store, 3, POLL, registry);
  private final ReplicaStore applyPath = waits.observing(store);

  private static TicketReplica replica(String id, long version) {
    return new TicketReplica(id, "concert v" + version, new BigDecimal("20.00"), "alice", version);
  }

  @Test
  void aVersionAlreadyAppliedIsAnsweredAtOnceWithoutWaiting() {
    store.holding(replica("t-1", 4));

    StepVerifier.create(waits.await("t-1", 3, MAX_WAIT))
        .expectNext(new Reached(replica("t-1", 4)))
        .expectComplete()
        .verify(TIMEOUT);

    assertThat(registry.counter("projector.read.waits", "state", "started").count()).isZero();
  }

  @Test
  void aVersionNotYetAppliedIsAnsweredAsSoonAsTheApplyPathWritesIt() {
    store.holding(replica("t-1", 0));

    StepVerifier.create(waits.await("t-1", 1, MAX_WAIT))
        .expectSubscription()
        .then(() -> assertThat(waits.waiting()).isEqualTo(1))
        .then(() -> applyPath.write(List.of(replica("t-1", 1))).block(TIMEOUT))
        .expectNext(new Reached(replica("t-1", 1)))
        .expectComplete()
        .verify(TIMEOUT);

    await().atMost(TIMEOUT).until(() -> waits.waiting() == 0);
    assertThat(registry.counter("projector.read.waits", "state", "answered").count()).isOne();
  }

  /** Answers are delivered on the timer: a virtual one runs what is due before the check. */
  @Test
  void anEarlierVersionWakesNobody() {
    VirtualTimeScheduler time = VirtualTimeScheduler.create();
    ReplicaWaits timed = new ReplicaWaits(store, 3, POLL, registry, time);
    store.holding(replica("t-1", 0));
    List<Answer> answers = new ArrayList<>();
    Disposable waiting = timed.await("t-1", 2, MAX_WAIT).subscribe(answers::add);

    timed.observing(store).write(List.of(replica("t-1", 1))).block(TIMEOUT);
    time.advanceTime();

    assertThat(answers).isEmpty();
    assertThat(timed.waiting()).isEqualTo(1);
    timed.observing(store).write(List.of(replica("t-1", 2))).block(TIMEOUT);
    time.advanceTime();
    assertThat(answers).as("the version asked for").containsExactly(new Reached(replica("t-1", 2)));
    waiting.dispose();
  }

  @Test
  void whenTheWaitEndsTheAnswerSaysWhatTheReplicaHolds() {
    VirtualTimeScheduler time = VirtualTimeScheduler.create();
    ReplicaWaits timed = new ReplicaWaits(store, 3, POLL, registry, time);
    store.holding(replica("t-1", 2));

    StepVerifier.withVirtualTime(() -> timed.await("t-1", 5, MAX_WAIT), () -> time, 1)
        .expectSubscription()
        .expectNoEvent(MAX_WAIT.minusMillis(1))
        .thenAwait(Duration.ofMillis(1))
        .expectNext(new Behind(2L))
        .expectComplete()
        .verify(TIMEOUT);
    VirtualTimeScheduler later = VirtualTimeScheduler.create(); // a verified one is shut down
    ReplicaWaits noReplica = new ReplicaWaits(store, 3, POLL, registry, later);
    StepVerifier.withVirtualTime(() -> noReplica.await("t-none", 0, MAX_WAIT), () -> later, 1)
        .thenAwait(MAX_WAIT)
        .expectNext(new Behind(null))
        .expectComplete()
        .verify(TIMEOUT);

    assertThat(registry.counter("projector.read.waits", "state", "timed-out").count()).isEqualTo(2);
    assertThat(registry.timer("projector.read.wait").count()).isEqualTo(2);
  }

  /** The apply path wrote the version as the wait ended; its answer had not been delivered yet. */
  @Test
  void aWaitThatEndsAfterTheReplicaReachedTheVersionAnswersTheReplicaNot504() {
    VirtualTimeScheduler time = VirtualTimeScheduler.create();
    ReplicaWaits timed = new ReplicaWaits(store, 3, POLL, registry, time);
    ReplicaStore timedApplyPath = timed.observing(store);
    store.holding(replica("t-1", 2));

    StepVerifier.withVirtualTime(() -> timed.await("t-1", 3, MAX_WAIT), () -> time, 1)
        .expectSubscription()
        .thenAwait(MAX_WAIT.minusMillis(1))
        .then(() -> timedApplyPath.write(List.of(replica("t-1", 3))).block(TIMEOUT))
        .thenAwait(Duration.ofMillis(1))
        .expectNext(new Reached(replica("t-1", 3)))
        .expectComplete()
        .verify(TIMEOUT);
  }

  /** The wait ends with the latest version the shared look-up saw, not the one first read. */
  @Test
  void whenTheWaitEndsTheAnswerIsTheLatestVersionSeen() {
    VirtualTimeScheduler time = VirtualTimeScheduler.create();
    ReplicaWaits timed = new ReplicaWaits(store, 3, POLL, registry, time);
    store.holding(replica("t-1", 2));

    StepVerifier.withVirtualTime(() -> timed.await("t-1", 9, MAX_WAIT), () -> time, 1)
        .expectSubscription()
        .then(() -> store.holding(replica("t-1", 4)))
        .then(() -> timed.lookUpWaiting().block(TIMEOUT))
        .thenAwait(MAX_WAIT)
        .expectNext(new Behind(4L))
        .expectComplete()
        .verify(TIMEOUT);
  }

  @Test
  void pastMaxWaitersAReadIsRefusedAtOnceAndACancelledReadFreesItsPlace() {
    List<Disposable> waiting = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      waiting.add(waits.await("t-" + i, 1, MAX_WAIT).subscribe());
    }

    StepVerifier.create(waits.await("t-9", 1, MAX_WAIT))
        .expectNext(new Refused())
        .expectComplete()
        .verify(TIMEOUT);

    waiting.get(0).dispose();
    assertThat(waits.waiting()).isEqualTo(2);
    List<Answer> answers = new ArrayList<>();
    waiting.add(waits.await("t-9", 1, MAX_WAIT).subscribe(answers::add));
    assertThat(waits.waiting()).isEqualTo(3);
    assertThat(registry.counter("projector.read.waits", "state", "refused").count()).isOne();
    assertThat(registry.counter("projector.read.waits", "state", "cancelled").count()).isOne();
    waiting.forEach(Disposable::dispose);
    assertThat(waits.waiting()).isZero();
  }

  @Test
  void aVersionAnotherInstanceAppliedIsSeenByTheSharedLookUp() {
    VirtualTimeScheduler time = VirtualTimeScheduler.create();
    ReplicaWaits timed = new ReplicaWaits(store, 3, POLL, registry, time);
    store.holding(replica("t-1", 0));
    ReplicaStore otherInstance = new ReplicaWaits(store, 3, POLL, registry).observing(store);
    List<Answer> answers = new ArrayList<>();
    Disposable waiting = timed.await("t-1", 1, MAX_WAIT).subscribe(answers::add);

    otherInstance.write(List.of(replica("t-1", 1))).block(TIMEOUT);
    time.advanceTime();
    assertThat(answers).as("not written by this instance").isEmpty();
    timed.lookUpWaiting().block(TIMEOUT);
    time.advanceTime();

    assertThat(answers).containsExactly(new Reached(replica("t-1", 1)));
    waiting.dispose();
  }

  @Test
  void theSharedLookUpRunsEachPollIntervalOnceStarted() {
    VirtualTimeScheduler time = VirtualTimeScheduler.create();
    ReplicaWaits polled = new ReplicaWaits(store, 3, POLL, registry, time);
    store.holding(replica("t-1", 0));
    ReplicaStore otherInstance = new ReplicaWaits(store, 3, POLL, registry).observing(store);
    Disposable lookingUp = polled.lookingUp().subscribe();
    List<Answer> answers = new ArrayList<>();
    Disposable waiting = polled.await("t-1", 1, MAX_WAIT).subscribe(answers::add);

    otherInstance.write(List.of(replica("t-1", 1))).block(TIMEOUT);
    time.advanceTimeBy(POLL.minusMillis(1));
    assertThat(answers).as("before the interval").isEmpty();
    time.advanceTimeBy(Duration.ofMillis(1));

    assertThat(answers).containsExactly(new Reached(replica("t-1", 1)));
    lookingUp.dispose();
    waiting.dispose();
  }

  @Test
  void theSharedLookUpIsOneQueryForAllWaitingTicketsAndNoneWhenNobodyWaits() {
    List<List<String>> queries = new ArrayList<>();
    ReplicaStore counting =
        new InMemoryReplicaStore() {
          @Override
          public reactor.core.publisher.Flux<TicketReplica> findAll(
              java.util.Collection<String> ticketIds) {
            queries.add(List.copyOf(ticketIds));
            return super.findAll(ticketIds);
          }
        };
    ReplicaWaits polling = new ReplicaWaits(counting, 100, POLL, registry);

    polling.lookUpWaiting().block(TIMEOUT);
    assertThat(queries).isEmpty();

    List<Disposable> waiting = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      waiting.add(polling.await("t-" + (i % 10), 1, MAX_WAIT).subscribe());
    }
    polling.lookUpWaiting().block(TIMEOUT);

    assertThat(queries).hasSize(1);
    assertThat(queries.get(0)).hasSize(10);
    waiting.forEach(Disposable::dispose);
  }

  /** No thread per waiting read: 2,000 of them on one ticket, answered by one write. */
  @Test
  void twoThousandWaitingReadsOnOneTicketTakeNoThreadAndAreAllAnsweredByOneWrite() {
    ReplicaWaits many = new ReplicaWaits(store, 10_000, POLL, registry);
    ReplicaStore path = many.observing(store);
    store.holding(replica("t-1", 0));
    int threadsBefore = Thread.activeCount();
    ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();

    for (int i = 0; i < 2_000; i++) {
      many.await("t-1", 1, Duration.ofMinutes(1)).subscribe(answers::add);
    }
    assertThat(many.waiting()).isEqualTo(2_000);
    // Not a thread per read: at most the timer's threads, one per core, may start.
    assertThat(Thread.activeCount())
        .isLessThan(threadsBefore + Runtime.getRuntime().availableProcessors() + 10);

    path.write(List.of(replica("t-1", 1))).block(TIMEOUT);

    await().atMost(TIMEOUT).until(() -> answers.size() == 2_000);
    assertThat(answers).containsOnly(new Reached(replica("t-1", 1)));
    await().atMost(TIMEOUT).until(() -> many.waiting() == 0);
  }
}
