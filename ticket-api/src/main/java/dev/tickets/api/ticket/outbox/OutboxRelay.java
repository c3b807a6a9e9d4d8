package dev.tickets.api.ticket.outbox;

import dev.tickets.api.ticket.TicketChangeListener;
import dev.tickets.api.ticket.TicketWrite;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * Publishes every write's event. The fast path takes the event from the write itself (no read back)
 * and sends it at once unless its ticket has an earlier event in flight; sends of different tickets
 * are pipelined through one long-lived producer stream. Acknowledged events are removed from their
 * tickets in bulk. The sweeper resends what the fast path could not publish. Which version may go
 * when is {@link TicketLanes}' business.
 */
@Component
class OutboxRelay implements SmartLifecycle, TicketChangeListener {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
  private static final Duration FIRST_CHECK = Duration.ofMillis(5);
  private static final Duration MAX_CHECK_DELAY = Duration.ofSeconds(1);

  private final EventPublisher publisher;
  private final PendingEvents pending;
  private final Sweeps sweeps;
  private final OutboxMetrics metrics;
  private final OutboxProperties properties;
  private final Clock clock;
  private final TicketLanes lanes;
  private final Forgetting forgetting;
  private final Object emitting = new Object();

  /** Held while the relay starts, stops, or opens its publisher's stream again. */
  private final Object lifecycle = new Object();

  private volatile Sinks.Many<PendingPublication> outgoing;
  private volatile Disposable pipeline;
  private volatile Disposable sweeping;
  private volatile boolean running;
  private volatile boolean publishing;
  private volatile boolean sweeperUp;
  private volatile Duration nextRestart;
  private volatile boolean lastSendFailed;

  /** Counts starts and publisher restarts, so that a late restart never opens a second stream. */
  private final AtomicInteger generation = new AtomicInteger();

  OutboxRelay(
      EventPublisher publisher,
      PendingEvents pending,
      Sweeps sweeps,
      OutboxMetrics metrics,
      OutboxProperties properties,
      Clock clock) {
    this.publisher = publisher;
    this.pending = pending;
    this.sweeps = sweeps;
    this.metrics = metrics;
    this.properties = properties;
    this.clock = clock;
    this.nextRestart = properties.restartBackoff();
    this.lanes = new TicketLanes(properties.capacity(), properties.sweepLease(), clock);
    this.forgetting = new Forgetting(pending, lanes::forgotten);
    metrics.watchRelay(lanes::events);
  }

  @Override
  public void written(TicketWrite write) {
    if (!publishing) {
      if (properties.relayEnabled()) {
        metrics.leftToSweeper(running ? "publisher-failed" : "stopped", 1);
      }
      return;
    }
    PendingPublication publication =
        new PendingPublication(
            write.ticket().id(),
            write.ticket().userId(),
            write.ticket().version(),
            write.payload(),
            write.event().occurredAt());
    follow(lanes.offer(publication, write.oldestPendingVersion()));
  }

  @Override
  public void start() {
    synchronized (lifecycle) {
      startPublishing();
    }
  }

  private void startPublishing() {
    running = true;
    if (!properties.relayEnabled()) {
      log.info(
          "Outbox relay disabled (ticket-api.outbox.relay-enabled=false): events are recorded, not published");
      return;
    }
    lanes.open();
    forgetting.open();
    openPipeline(generation.incrementAndGet());
    sweeping = sweepUntilStopped();
    publishing = true;
    log.info(
        "Outbox relay started: capacity {}, {} in flight at most, sweep every {}",
        properties.capacity(),
        properties.maxInFlight(),
        properties.sweepInterval());
  }

  /**
   * Whether events are being published: false when stopped, disabled, or while the producer
   * restarts.
   */
  boolean isPublishing() {
    return publishing;
  }

  /**
   * Whether the sweeper runs: false when stopped, disabled, or while it resubscribes after a
   * failure.
   */
  boolean isSweeping() {
    return sweeperUp;
  }

  /**
   * The sweeper, handing what it claims to the lanes. A failure (a bug in the hand-over, say) does
   * not end it: it resubscribes with backoff ({@code restart-backoff} doubling to {@code
   * restart-max-backoff}, reset once it sweeps again), and {@link #isSweeping()} is false
   * meanwhile, so health shows DOWN.
   */
  private Disposable sweepUntilStopped() {
    return sweeps
        .stale(() -> publishing && lanes.hasRoom())
        .doOnSubscribe(subscription -> sweeperUp = running)
        .doOnNext(swept -> follow(lanes.offerSwept(swept)))
        .doOnError(
            error -> {
              sweeperUp = false;
              log.error(
                  "Outbox sweeper failed; resubscribing with backoff, events wait pending meanwhile",
                  error);
            })
        .retryWhen(
            Retry.backoff(Long.MAX_VALUE, properties.restartBackoff())
                .maxBackoff(properties.restartMaxBackoff())
                .transientErrors(true))
        .subscribe();
  }

  private void openPipeline(int current) {
    Sinks.Many<PendingPublication> sink = Sinks.many().unicast().onBackpressureBuffer();
    outgoing = sink;
    pipeline =
        publisher
            .send(sink.asFlux())
            .subscribe(this::answered, error -> pipelineFailed(current, error));
  }

  private void answered(EventPublisher.Sent sent) {
    PendingPublication publication = sent.publication();
    if (sent.acknowledged()) {
      lastSendFailed = false;
      nextRestart = properties.restartBackoff();
      metrics.published(Duration.between(publication.createdAt(), clock.instant()));
      forgetting.add(publication);
      follow(lanes.acknowledged(publication));
      return;
    }
    metrics.publishFailed();
    metrics.leftToSweeper("send-failed", lanes.failed(publication));
    if (!lastSendFailed || log.isDebugEnabled()) {
      log.warn(
          "Ticket {} v{} not acknowledged by Kafka; its events are left to the sweeper: {}",
          publication.ticketId(),
          publication.version(),
          sent.failure().toString());
    }
    lastSendFailed = true;
  }

  private void follow(TicketLanes.Next next) {
    if (next.send() != null) {
      send(next.send());
    } else if (next.checkPredecessor()) {
      checkPredecessor(next.ticketId(), FIRST_CHECK, clock.instant().plus(properties.sweepGrace()));
    } else if (next.deferredBecause() != null) {
      metrics.leftToSweeper(next.deferredBecause(), 1);
    }
  }

  private void send(PendingPublication publication) {
    Sinks.EmitResult result;
    synchronized (emitting) {
      result = outgoing.tryEmitNext(publication);
    }
    if (result.isFailure()) {
      metrics.leftToSweeper("stopped", lanes.failed(publication));
    }
  }

  /** Reads the ticket's pending versions again, with backoff, until its predecessor is gone. */
  private void checkPredecessor(String ticketId, Duration delay, Instant giveUpAt) {
    Mono.delay(delay)
        .then(pending.of(ticketId).map(PendingPublication::version).collectList())
        .timeout(MAX_CHECK_DELAY.plus(properties.sweepGrace()))
        .subscribe(
            versions -> {
              TicketLanes.Next next = lanes.predecessorChecked(ticketId, versions);
              if (!next.checkPredecessor()) {
                follow(next);
              } else if (clock.instant().isAfter(giveUpAt)) {
                metrics.leftToSweeper("predecessor-unknown", lanes.giveUp(ticketId));
              } else {
                checkPredecessor(ticketId, min(delay.multipliedBy(2), MAX_CHECK_DELAY), giveUpAt);
              }
            },
            error -> metrics.leftToSweeper("predecessor-unknown", lanes.giveUp(ticketId)));
  }

  private void pipelineFailed(int failed, Throwable error) {
    if (failed != generation.get()) {
      return;
    }
    publishing = false;
    metrics.leftToSweeper("publisher-failed", lanes.reset());
    Duration delay = nextRestart;
    nextRestart = min(delay.multipliedBy(2), properties.restartMaxBackoff());
    log.error("Outbox publisher failed; events stay pending, restarting in {}", delay, error);
    Mono.delay(delay)
        .subscribe(
            tick -> {
              synchronized (lifecycle) {
                if (running && generation.compareAndSet(failed, failed + 1)) {
                  openPipeline(failed + 1);
                  publishing = true;
                }
              }
            });
  }

  /**
   * Starts before the web server accepts requests and stops after it finished its graceful
   * shutdown, so that writes accepted during that shutdown are still published.
   */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 4096;
  }

  /**
   * Takes no more events, lets those in flight be acknowledged and forgotten (at most {@code
   * stop-timeout}), then closes the stream. Whatever is left stays pending for the sweeper.
   */
  @Override
  public void stop() {
    synchronized (lifecycle) {
      running = false;
      publishing = false;
      generation.incrementAndGet();
      lanes.close();
    }
    dispose(sweeping);
    sweeperUp = false;
    long deadline = System.nanoTime() + properties.stopTimeout().toNanos();
    while ((!lanes.isSettled() || !forgetting.isIdle())
        && System.nanoTime() < deadline
        && pipeline != null
        && !pipeline.isDisposed()) {
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
    dispose(pipeline);
    forgetting.close();
    int left = lanes.reset();
    if (left > 0) {
      log.info(
          "Outbox relay stopped with {} events unacknowledged; they stay pending for the sweeper",
          left);
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private static void dispose(Disposable disposable) {
    if (disposable != null) {
      disposable.dispose();
    }
  }

  private static Duration min(Duration one, Duration other) {
    return one.compareTo(other) <= 0 ? one : other;
  }
}
