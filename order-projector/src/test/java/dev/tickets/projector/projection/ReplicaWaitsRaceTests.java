package dev.tickets.projector.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tickets.projector.projection.ReplicaWaits.Answer;
import dev.tickets.projector.projection.ReplicaWaits.Behind;
import dev.tickets.testkit.InMemoryReplicaStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Races of a read's end with its joining, and the meters' rule: a started wait ends as exactly one
 * of answered, timed-out or cancelled.
 */
class ReplicaWaitsRaceTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Duration MAX_WAIT = Duration.ofSeconds(5);
  private static final Duration POLL = Duration.ofMillis(100);

  private static TicketReplica replica(String id, long version) {
    return new TicketReplica(id, "concert v" + version, new BigDecimal("20.00"), "alice", version);
  }

  /**
   * A read that ends (client gone; the same holds for its timeout) as it begins to wait leaves
   * nothing in the waiting map: otherwise waiting() would say 0 while every shared look-up from
   * then on queried its ticket. Taking the place and joining the map are one step under the map's
   * lock; the meter registry's "started" counter, incremented right after it, holds the reading
   * thread there while the read ends.
   */
  @Test
  void aReadThatEndsWhileJoiningLeavesNothingInTheWaitingMap() throws Exception {
    CountDownLatch atStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    SimpleMeterRegistry registry =
        new SimpleMeterRegistry() {
          @Override
          protected Counter newCounter(Meter.Id id) {
            Counter real = super.newCounter(id);
            if (!"started".equals(id.getTag("state"))) {
              return real;
            }
            return new Counter() {
              @Override
              public void increment(double amount) {
                atStarted.countDown();
                try {
                  release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                real.increment(amount);
              }

              @Override
              public double count() {
                return real.count();
              }

              @Override
              public Meter.Id getId() {
                return id;
              }
            };
          }
        };
    List<List<String>> lookUps = new CopyOnWriteArrayList<>();
    InMemoryReplicaStore store =
        new InMemoryReplicaStore() {
          @Override
          public Flux<TicketReplica> findAll(Collection<String> ticketIds) {
            lookUps.add(List.copyOf(ticketIds));
            return super.findAll(ticketIds);
          }
        };
    store.holding(replica("t-1", 0));
    ReplicaWaits waits = new ReplicaWaits(store, 3, POLL, registry);
    BaseSubscriber<Answer> client = new BaseSubscriber<>() {};

    Thread reader = new Thread(() -> waits.await("t-1", 1, MAX_WAIT).subscribe(client));
    reader.start();
    assertThat(atStarted.await(5, TimeUnit.SECONDS)).isTrue(); // it holds a place, not yet joined
    client.dispose(); // the client goes away: end() runs now, on this thread
    release.countDown();
    reader.join(5_000);

    assertThat(waits.waiting()).as("places").isZero();
    waits.lookUpWaiting().block(TIMEOUT);
    waits.lookUpWaiting().block(TIMEOUT);
    assertThat(lookUps).as("look-ups while nobody waits").isEmpty();
  }

  /**
   * The controller turns Behind into a 504 by throwing inside map(); map cancels its upstream when
   * its function throws, so doOnCancel counts the wait as cancelled after doOnNext counted it as
   * timed out: each 504 of a started wait is counted twice.
   */
  @Test
  void aTimedOutWaitTurnedInto504IsNotAlsoCountedCancelled() {
    InMemoryReplicaStore store = new InMemoryReplicaStore();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    VirtualTimeScheduler time = VirtualTimeScheduler.create();
    ReplicaWaits waits = new ReplicaWaits(store, 3, POLL, registry, time);
    store.holding(replica("t-1", 2));

    StepVerifier.withVirtualTime(
            () ->
                waits
                    .await("t-1", 5, MAX_WAIT)
                    .map(
                        answer -> {
                          if (answer instanceof Behind) {
                            throw new IllegalStateException("ReplicaBehind: 504");
                          }
                          return answer;
                        }),
            () -> time,
            1)
        .expectSubscription()
        .thenAwait(MAX_WAIT)
        .expectError(IllegalStateException.class)
        .verify(TIMEOUT);

    assertThat(registry.counter("projector.read.waits", "state", "started").count()).isOne();
    assertThat(registry.counter("projector.read.waits", "state", "timed-out").count()).isOne();
    assertThat(registry.counter("projector.read.waits", "state", "cancelled").count())
        .as("cancelled")
        .isZero();
  }

  /**
   * {@code Prefer: wait=0} is a read that does not wait: no place, no timer of its own. Like a read
   * without {@code minVersion}, only MongoDB's own timeouts bound it when the store is silent.
   */
  @Test
  void aWaitOfZeroTakesNoPlaceAndNoTimerEvenOnASilentStore() {
    InMemoryReplicaStore silent =
        new InMemoryReplicaStore() {
          @Override
          public Mono<TicketReplica> find(String ticketId) {
            return Mono.never();
          }
        };
    VirtualTimeScheduler time = VirtualTimeScheduler.create();
    ReplicaWaits waits = new ReplicaWaits(silent, 1, POLL, new SimpleMeterRegistry(), time);

    StepVerifier.withVirtualTime(() -> waits.await("t-1", 1, Duration.ZERO), () -> time, 1)
        .expectSubscription()
        .then(() -> assertThat(waits.waiting()).isZero())
        .expectNoEvent(Duration.ofMinutes(1))
        .thenCancel()
        .verify(TIMEOUT);
    assertThat(waits.waiting()).isZero();
  }
}
