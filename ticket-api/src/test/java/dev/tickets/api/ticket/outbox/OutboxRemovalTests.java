package dev.tickets.api.ticket.outbox;

import static dev.tickets.api.ticket.outbox.TicketLanesTests.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tickets.api.ticket.outbox.TicketLanesTests.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** The removal of acknowledged events, driven by hand as the relay's ticker drives it. */
class OutboxRemovalTests {

  private static final Duration LINGER = Duration.ofMillis(100);

  private final Map<String, Long> forgotten = new ConcurrentHashMap<>();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));
  private final Recording store = new Recording();
  private final OutboxRemoval removal = new OutboxRemoval(store, forgotten::put, LINGER, clock);

  @Test
  void gathersAcknowledgementsForTheLingerThenRemovesEachTicketsHighestVersionInOneWrite() {
    removal.add(event("a", 0));
    clock.advance(Duration.ofMillis(60));
    removal.add(event("a", 1));
    removal.add(event("b", 4));
    removal.due(false);
    assertThat(store.writes).isEmpty();

    clock.advance(Duration.ofMillis(40));
    removal.due(false);

    assertThat(store.writes).hasSize(1);
    assertThat(store.writes.get(0))
        .extracting(PendingPublication::ticketId, PendingPublication::version)
        .containsExactlyInAnyOrder(tuple("a", 1L), tuple("b", 4L));
    assertThat(forgotten).containsEntry("a", 1L).containsEntry("b", 4L);
    assertThat(removal.isIdle()).isTrue();
  }

  @Test
  void oneWriteInFlightAtATimeWhatArrivesMeanwhileGoesInTheNext() {
    store.hold();
    removal.add(event("a", 0));
    removal.due(true);
    removal.add(event("a", 1));
    removal.add(event("b", 2));
    clock.advance(LINGER);
    removal.due(false);
    assertThat(store.writes).hasSize(1);

    store.release();
    removal.due(false);

    assertThat(store.writes).hasSize(2);
    assertThat(store.writes.get(1))
        .extracting(PendingPublication::ticketId, PendingPublication::version)
        .containsExactlyInAnyOrder(tuple("a", 1L), tuple("b", 2L));
  }

  @Test
  void aFullBatchGoesWithoutWaitingForTheLingerAndTheRestAfterIt() {
    IntStream.rangeClosed(0, OutboxRemoval.MAX_BATCH)
        .forEach(ticket -> removal.add(event("t" + ticket, 0)));

    removal.due(false);
    removal.due(false);
    assertThat(store.writes).hasSize(1);
    clock.advance(LINGER);
    removal.due(false);

    assertThat(store.writes).hasSize(2);
    assertThat(store.writes.get(0)).hasSize(OutboxRemoval.MAX_BATCH);
    assertThat(store.writes.get(1)).hasSize(1);
    assertThat(forgotten).hasSize(OutboxRemoval.MAX_BATCH + 1);
  }

  @Test
  void retriesAFailedWriteASecondLaterABoundedNumberOfTimesThenLetsItGo() {
    store.failing = true;
    removal.add(event("a", 3));
    removal.due(true);
    removal.add(event("b", 1));

    for (int attempt = 2; attempt <= OutboxRemoval.ATTEMPTS; attempt++) {
      clock.advance(OutboxRemoval.RETRY_DELAY.minusMillis(1));
      removal.due(true);
      assertThat(store.writes).as("not before the delay").hasSize(attempt - 1);
      clock.advance(Duration.ofMillis(1));
      removal.due(true);
      assertThat(store.writes.get(attempt - 1))
          .extracting(PendingPublication::ticketId)
          .containsExactly("a");
    }

    assertThat(forgotten).containsOnlyKeys("a");
    assertThat(removal.isIdle()).isFalse();
    removal.due(true);
    assertThat(store.writes.get(OutboxRemoval.ATTEMPTS))
        .extracting(PendingPublication::ticketId)
        .containsExactly("b");
  }

  @Test
  void aClosedRemovalLetsGoOfWhatItHoldsAndStopsRetrying() {
    store.failing = true;
    removal.add(event("a", 3));
    removal.due(true);
    removal.add(event("b", 1));

    removal.close();
    clock.advance(OutboxRemoval.RETRY_DELAY);
    removal.due(true);
    removal.add(event("c", 2));

    assertThat(store.writes).hasSize(1);
    assertThat(forgotten).containsEntry("a", 3L).containsEntry("b", 1L).containsEntry("c", 2L);
    assertThat(removal.isIdle()).isTrue();
  }

  @Test
  void aTicketsOwnWriteCanTakeItsAcknowledgedEventsOutOfTheBatch() {
    removal.add(event("a", 2));
    removal.add(event("b", 5));
    assertThat(removal.removableUpTo("a")).isEqualTo(2);
    assertThat(removal.removableUpTo("c")).isEqualTo(-1);

    removal.removedByWrite("a", 2);
    assertThat(forgotten).containsEntry("a", 2L);
    clock.advance(LINGER);
    removal.due(false);

    assertThat(removal.removableUpTo("a")).isEqualTo(-1);
    assertThat(store.writes).hasSize(1);
    assertThat(store.writes.get(0)).extracting(PendingPublication::ticketId).containsExactly("b");
  }

  @Test
  void aWriteThatRemovedLessKeepsTheNewerAcknowledgement() {
    removal.add(event("a", 4));

    removal.removedByWrite("a", 3);

    assertThat(removal.removableUpTo("a")).isEqualTo(4);
  }

  @Test
  void whatIsUnderWayIsNotRemovableByAWrite() {
    store.hold();
    removal.add(event("a", 2));
    removal.due(true);

    assertThat(removal.removableUpTo("a")).isEqualTo(-1);
  }

  /** Records the batches; fails while {@code failing}; can hold the next write open. */
  private static final class Recording extends NothingPending {

    final List<List<PendingPublication>> writes = new CopyOnWriteArrayList<>();
    volatile boolean failing;
    private volatile Sinks.Empty<Void> gate;
    private volatile Sinks.Empty<Void> release;

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
          failing ? Mono.error(new IllegalStateException("MongoDB away")) : Mono.empty();
      Sinks.Empty<Void> held = gate;
      if (held != null) {
        gate = null;
        return held.asMono().then(answer);
      }
      return answer;
    }
  }
}
