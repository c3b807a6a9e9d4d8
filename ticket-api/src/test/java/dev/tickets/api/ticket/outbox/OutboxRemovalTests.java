package dev.tickets.api.ticket.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class OutboxRemovalTests {

  private final Map<String, Long> forgotten = new ConcurrentHashMap<>();

  @Test
  void forgetsEachTicketsHighestAcknowledgedVersionInOneWrite() {
    Recording store = new Recording(0);
    OutboxRemoval removal = new OutboxRemoval(store, forgotten::put);
    store.hold();

    removal.add(TicketLanesTests.event("a", 0));
    removal.add(TicketLanesTests.event("a", 1));
    removal.add(TicketLanesTests.event("b", 4));
    removal.add(TicketLanesTests.event("a", 2));
    store.release();

    await().atMost(Duration.ofSeconds(5)).until(removal::isIdle);
    assertThat(store.writes).hasSize(2);
    assertThat(store.writes.get(1))
        .extracting(PendingPublication::ticketId, PendingPublication::version)
        .containsExactlyInAnyOrder(tuple("a", 2L), tuple("b", 4L));
    assertThat(forgotten).containsEntry("a", 2L).containsEntry("b", 4L);
  }

  @Test
  void retriesAFailedWriteABoundedNumberOfTimesThenLetsItGo() {
    Recording store = new Recording(Integer.MAX_VALUE);
    OutboxRemoval removal = new OutboxRemoval(store, forgotten::put);

    removal.add(TicketLanesTests.event("a", 3));

    await().atMost(Duration.ofSeconds(OutboxRemoval.ATTEMPTS + 5)).until(removal::isIdle);
    assertThat(store.attempts.get()).isEqualTo(OutboxRemoval.ATTEMPTS);
    assertThat(forgotten).containsEntry("a", 3L);
  }

  @Test
  void aClosedForgettingStopsRetrying() throws InterruptedException {
    Recording store = new Recording(Integer.MAX_VALUE);
    OutboxRemoval removal = new OutboxRemoval(store, forgotten::put);
    removal.add(TicketLanesTests.event("a", 3));
    removal.close();

    await().atMost(Duration.ofSeconds(3)).until(removal::isIdle);
    removal.add(TicketLanesTests.event("b", 1));
    assertThat(store.attempts.get()).isEqualTo(1);
    assertThat(forgotten).containsEntry("a", 3L).containsEntry("b", 1L);
  }

  /**
   * Records the batches; fails the first {@code failures} writes; can hold the first write open.
   */
  private static final class Recording extends NothingPending {

    final List<List<PendingPublication>> writes = new CopyOnWriteArrayList<>();
    final AtomicInteger attempts = new AtomicInteger();
    private final int failures;
    private volatile Sinks.Empty<Void> gate;
    private volatile Sinks.Empty<Void> release;

    Recording(int failures) {
      this.failures = failures;
    }

    void hold() {
      gate = Sinks.empty();
      release = gate;
    }

    void release() {
      release.tryEmitEmpty();
    }

    @Override
    public Mono<Void> forget(Collection<PendingPublication> acknowledged) {
      writes.add(List.copyOf(acknowledged));
      Mono<Void> answer =
          attempts.incrementAndGet() <= failures
              ? Mono.error(new IllegalStateException("MongoDB away"))
              : Mono.empty();
      Sinks.Empty<Void> held = gate;
      if (held != null) {
        gate = null;
        return held.asMono().then(answer);
      }
      return answer;
    }
  }
}
