package dev.tickets.api.ticket.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tickets.api.ticket.Ticket;
import dev.tickets.api.ticket.TicketWrite;
import dev.tickets.events.TicketEvent;
import dev.tickets.events.TicketEventCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * When the publisher's stream itself fails, the relay stops publishing (health DOWN), counts what
 * was in flight as failed, and opens a new stream after a backoff, on which what failed is sent
 * again and fresh writes go out.
 */
class OutboxRelayRestartTests {

  private final Clock clock = Clock.systemUTC();
  private final BrokenOnce publisher = new BrokenOnce();
  private final OutboxProperties properties =
      properties(Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofMillis(20));
  private final OutboxMetrics metrics = new OutboxMetrics(new SimpleMeterRegistry(), clock);
  private final PendingEvents nothingPending = new NothingPending();
  private final OutboxRelay relay = relayOver(publisher);

  @AfterEach
  void stopRelay() {
    relay.stop();
  }

  @Test
  void aFailedPublisherStreamIsReopenedAndFreshWritesGoOutOnIt() {
    relay.start();
    assertThat(relay.isPublishing()).isTrue();

    relay.written(write("a", 0));
    await().atMost(Duration.ofSeconds(5)).until(() -> !relay.isPublishing());
    assertThat(publisher.streams.get()).isEqualTo(1);

    await().atMost(Duration.ofSeconds(10)).until(relay::isPublishing);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> publisher.acknowledged.stream().anyMatch(sent -> sent.ticketId().equals("a")));
    relay.written(write("b", 0));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                publisher.acknowledged.stream()
                    .anyMatch(publication -> publication.ticketId().equals("b")));
    assertThat(publisher.streams.get()).isEqualTo(2);
  }

  @Test
  void aRestartOfTheRelayDuringTheBackoffLeavesOneStream() throws InterruptedException {
    relay.start();
    relay.written(write("a", 0));
    await().atMost(Duration.ofSeconds(5)).until(() -> !relay.isPublishing());

    relay.stop();
    relay.start();
    Thread.sleep(1_500);

    assertThat(publisher.streams.get()).as("streams opened").isEqualTo(2);
    assertThat(relay.isPublishing()).isTrue();
  }

  /**
   * Found in review (issue 21): a stream that fails before it subscribes (a producer that cannot be
   * created) left the relay publishing into a sink nobody reads, and the events sent there were
   * never answered, their tickets stuck until a restart.
   */
  @Test
  void aStreamThatFailsAtOnceIsNotPublishedInto() {
    BrokenOnce failingAtOnce =
        new BrokenOnce(publications -> Flux.error(new IllegalStateException("no producer")));
    OutboxRelay failing = relayOver(failingAtOnce);
    try {
      failing.start();
      assertThat(failing.isPublishing()).as("publishing after a stream failed at once").isFalse();

      await().atMost(Duration.ofSeconds(10)).until(failing::isPublishing);
      failing.written(write("b", 0));
      await().atMost(Duration.ofSeconds(5)).until(() -> failingAtOnce.acknowledged("b"));
    } finally {
      failing.stop();
    }
  }

  /**
   * Found in review (issue 21): reactor-kafka's sender fails its stream without cancelling the
   * records it reads, and drops those that come after; a resend due before the restart went into
   * that stream and was never answered.
   */
  @Test
  void whatFailedWithTheStreamIsSentAgainOnTheNextOneEvenIfTheFailedOneSwallowsRecords() {
    BrokenOnce swallowing =
        new BrokenOnce(
            publications ->
                Flux.create(
                    answers ->
                        publications.subscribe(
                            publication ->
                                answers.error(new IllegalStateException("producer fenced")))));
    OutboxRelay relayOfTest = relayOver(swallowing);
    try {
      relayOfTest.start();
      relayOfTest.written(write("a", 0));

      await().atMost(Duration.ofSeconds(10)).until(() -> swallowing.acknowledged("a"));
      assertThat(swallowing.streams).hasValue(2);
    } finally {
      relayOfTest.stop();
    }
  }

  /**
   * Issue 21: the restart checked {@code running} and then opened a producer stream, so a stop in
   * between left a stream running after the relay had stopped.
   */
  @Test
  void aStopWhileThePublisherReopensLeavesNoStreamRunning() throws InterruptedException {
    SlowToReopen slow = new SlowToReopen();
    OutboxRelay reopening = relayOver(slow);
    reopening.start();
    reopening.written(write("a", 0));
    assertThat(slow.reopening.await(10, TimeUnit.SECONDS)).as("the restart began").isTrue();

    Thread stopping = new Thread(reopening::stop, "stopping");
    stopping.start();
    stopping.join(300);
    slow.release.countDown();
    stopping.join(10_000);

    assertThat(stopping.isAlive()).as("stop returned").isFalse();
    assertThat(reopening.isRunning()).isFalse();
    Thread.sleep(300); // a restart that escaped the stop subscribes its stream meanwhile
    assertThat(slow.live).as("streams still subscribed after the stop").hasValue(0);
    assertThat(reopening.isPublishing()).isFalse();
  }

  /**
   * Issue 14: a failure in the sweeper's pipeline ended it for good ("events left pending wait for
   * a restart"); it now resubscribes with backoff and is reported down meanwhile.
   */
  @Test
  void aFailedSweeperResubscribesWithBackoffAndIsReportedDownMeanwhile() {
    AtomicInteger subscriptions = new AtomicInteger();
    AtomicBoolean sweepingWhileDown = new AtomicBoolean(true);
    OutboxRelay[] relayOfTest = new OutboxRelay[1];
    Sweeps failingOnce =
        new Sweeps(nothingPending, metrics, properties, clock) {
          @Override
          Flux<List<PendingPublication>> stale(BooleanSupplier hasRoom) {
            return Flux.defer(
                () -> {
                  if (subscriptions.incrementAndGet() == 1) {
                    return Flux.error(new IllegalStateException("a bug in the hand-over"));
                  }
                  sweepingWhileDown.set(relayOfTest[0].isSweeping());
                  return Flux.never();
                });
          }
        };
    relayOfTest[0] =
        new OutboxRelay(new BrokenOnce(), nothingPending, failingOnce, metrics, properties, clock);
    try {
      relayOfTest[0].start();

      await().atMost(Duration.ofSeconds(10)).until(() -> subscriptions.get() == 2);
      assertThat(sweepingWhileDown).as("sweeping while it resubscribed").isFalse();
      await().atMost(Duration.ofSeconds(5)).until(relayOfTest[0]::isSweeping);
    } finally {
      relayOfTest[0].stop();
    }
  }

  /**
   * Found in review (issue 21): acknowledgements gathered for the removal's linger must be removed
   * by a graceful stop, not left for the sweeper to send again, even when the publisher's stream
   * has failed meanwhile (removal needs MongoDB alone).
   */
  @Test
  void aStopRemovesTheAcknowledgedEventsThatWereStillGathering() {
    List<Collection<PendingPublication>> removed = new CopyOnWriteArrayList<>();
    PendingEvents recording =
        new NothingPending() {
          @Override
          public Mono<Void> forget(Collection<PendingPublication> acknowledged) {
            removed.add(List.copyOf(acknowledged));
            return Mono.empty();
          }
        };
    OutboxProperties lingering =
        properties(Duration.ofHours(2), Duration.ofHours(3), Duration.ofHours(1));
    BrokenOnce acknowledgingThenFailing =
        new BrokenOnce(
            publications ->
                publications
                    .take(1)
                    .map(publication -> new EventPublisher.Sent(publication, null))
                    .concatWith(
                        Mono.<EventPublisher.Sent>error(
                            new IllegalStateException("producer fenced"))));
    OutboxRelay lingeringRelay =
        new OutboxRelay(
            acknowledgingThenFailing,
            recording,
            new Sweeps(recording, metrics, lingering, clock),
            metrics,
            lingering,
            clock);
    lingeringRelay.start();
    lingeringRelay.written(write("a", 0));
    await().atMost(Duration.ofSeconds(5)).until(() -> !lingeringRelay.isPublishing());
    assertThat(removed).as("removed within the linger").isEmpty();

    lingeringRelay.stop();

    assertThat(removed).hasSize(1);
    assertThat(removed.get(0)).extracting(PendingPublication::ticketId).containsExactly("a");
  }

  private static OutboxProperties properties(
      Duration sweepGrace, Duration sweepLease, Duration removalLinger) {
    return OutboxTestProperties.of(sweepGrace, sweepLease, removalLinger);
  }

  private OutboxRelay relayOver(EventPublisher publisher) {
    return new OutboxRelay(
        publisher,
        nothingPending,
        new Sweeps(nothingPending, metrics, properties, clock),
        metrics,
        properties,
        clock);
  }

  private static TicketWrite write(String id, long version) {
    Ticket ticket = new Ticket(id, "Show", BigDecimal.ONE, "alice", version);
    TicketEvent event = TicketEvent.of(id, version, "Show", BigDecimal.ONE, "alice", Instant.now());
    return new TicketWrite(ticket, event, new TicketEventCodec().encodeToString(event), version);
  }

  /**
   * Its first stream fails at the first publication; opening the second one waits until released,
   * as a producer that takes its time to connect would. Counts the streams still subscribed.
   */
  private static final class SlowToReopen implements EventPublisher {

    final AtomicInteger streams = new AtomicInteger();
    final AtomicInteger live = new AtomicInteger();
    final CountDownLatch reopening = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public Flux<Sent> send(Flux<PendingPublication> publications) {
      if (streams.incrementAndGet() == 1) {
        return publications.flatMap(
            publication -> Mono.error(new IllegalStateException("producer fenced")));
      }
      reopening.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return publications
          .map(publication -> new Sent(publication, null))
          .doOnSubscribe(subscription -> live.incrementAndGet())
          .doFinally(signal -> live.decrementAndGet());
    }
  }

  /** Its first stream fails at the first publication; later streams acknowledge everything. */
  private static final class BrokenOnce implements EventPublisher {

    final AtomicInteger streams = new AtomicInteger();
    final List<PendingPublication> acknowledged = new CopyOnWriteArrayList<>();
    private final Function<Flux<PendingPublication>, Flux<Sent>> firstStream;

    /** The first stream fails at the first publication and cancels what it reads. */
    BrokenOnce() {
      this(
          publications ->
              publications.flatMap(
                  publication -> Mono.error(new IllegalStateException("producer fenced"))));
    }

    BrokenOnce(Function<Flux<PendingPublication>, Flux<Sent>> firstStream) {
      this.firstStream = firstStream;
    }

    @Override
    public Flux<Sent> send(Flux<PendingPublication> publications) {
      return streams.incrementAndGet() == 1
          ? firstStream.apply(publications)
          : publications
              .doOnNext(acknowledged::add)
              .map(publication -> new Sent(publication, null));
    }

    boolean acknowledged(String ticketId) {
      return acknowledged.stream().anyMatch(sent -> sent.ticketId().equals(ticketId));
    }
  }
}
