package dev.tickets.api.ticket.outbox;

import dev.tickets.api.ticket.TicketChangeListener;
import dev.tickets.api.ticket.TicketWrite;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * Publishes every write's event. A ticket enters one pipeline from its write (the event taken from
 * the write itself, no read back) or from the sweeper's claim of tickets whose events are due;
 * {@link TicketLanes} decides which version goes when, and one ticker sends again what failed.
 * Sends of different tickets are pipelined through one long-lived producer stream; acknowledged
 * events are removed from their tickets in bulk ({@link OutboxRemoval}).
 */
@Component
class OutboxRelay implements SmartLifecycle, TicketChangeListener, AcknowledgedEvents {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  /** How often the relay looks for sends and reads whose wait is over. */
  private static final Duration TICK = TicketLanes.FIRST_WAIT;

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

  /** How long without any acknowledgement, sends in flight, counts as stalled. */
  private static final Duration STALLED_AFTER = Duration.ofSeconds(2);

  private final EventPublisher publisher;
  private final PendingEvents pending;
  private final Sweeps sweeps;
  private final OutboxMetrics metrics;
  private final OutboxProperties properties;
  private final Clock clock;
  private final TicketLanes lanes;
  private final OutboxRemoval removal;
  private final Object emitting = new Object();

  /** Held while the relay starts, stops, or opens its publisher's stream again. */
  private final Object lifecycle = new Object();

  private volatile Sinks.Many<PendingPublication> outgoing;
  private volatile Disposable pipeline;
  private volatile Disposable sweeping;
  private volatile Disposable ticking;
  private volatile boolean running;
  private volatile boolean publishing;
  private volatile boolean sweeperUp;
  private volatile Duration nextRestart;
  private volatile boolean lastSendFailed;

  /** When Kafka last acknowledged one of this instance's sends ({@link System#nanoTime()}). */
  private volatile long lastAcknowledged = System.nanoTime();

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
    this.lanes =
        new TicketLanes(
            properties.capacity(),
            properties.resendBackoff(),
            properties.resendMaxBackoff(),
            properties.sweepGrace(),
            clock);
    this.removal = new OutboxRemoval(pending, lanes::forgotten, properties.removalLinger(), clock);
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
  public long removableUpTo(String ticketId) {
    return removal.removableUpTo(ticketId);
  }

  @Override
  public void removedByWrite(String ticketId, long version) {
    removal.removedByWrite(ticketId, version);
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
    removal.open();
    // Publishing before the stream opens: a stream that fails at once turns it off again.
    publishing = true;
    openPipeline(generation.incrementAndGet());
    sweeping = sweepUntilStopped();
    ticking = Flux.interval(TICK).onBackpressureDrop().subscribe(tick -> followDue());
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
        .stale(() -> publishing && lanes.hasRoom() && !kafkaStalled())
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

  /**
   * Whether this instance's sends are stuck: some are in flight and Kafka has acknowledged none for
   * {@link #STALLED_AFTER}. Its sweeper then claims nothing, since what it claimed would be stuck
   * too, and another instance's writes are better left to a sweeper that can publish them (during a
   * broker outage, claims only added duplicates once it returned).
   */
  private boolean kafkaStalled() {
    return lanes.hasInFlight() && System.nanoTime() - lastAcknowledged > STALLED_AFTER.toNanos();
  }

  private void answered(EventPublisher.Sent sent) {
    PendingPublication publication = sent.publication();
    if (sent.acknowledged()) {
      lastSendFailed = false;
      lastAcknowledged = System.nanoTime();
      nextRestart = properties.restartBackoff();
      metrics.published(Duration.between(publication.createdAt(), clock.instant()));
      removal.add(publication);
      follow(lanes.acknowledged(publication));
      return;
    }
    metrics.publishFailed();
    lanes.failed(publication);
    if (!lastSendFailed || log.isDebugEnabled()) {
      log.warn(
          "Ticket {} v{} not acknowledged by Kafka; it is sent again after a backoff: {}",
          publication.ticketId(),
          publication.version(),
          sent.failure().toString());
    }
    lastSendFailed = true;
  }

  private void follow(TicketLanes.Next next) {
    if (next.send() != null) {
      send(next.send());
    } else if (next.read()) {
      read(next.ticketId());
    } else if (next.deferredBecause() != null) {
      metrics.leftToSweeper(next.deferredBecause(), 1);
    }
  }

  /**
   * Hands the publication to the producer's stream; while that stream is down (failed, not yet
   * reopened) the send counts as failed at once: a failed stream may still take records, and drop
   * them unanswered.
   */
  private void send(PendingPublication publication) {
    Sinks.EmitResult result = Sinks.EmitResult.FAIL_TERMINATED;
    synchronized (emitting) {
      if (publishing) {
        result = outgoing.tryEmitNext(publication);
      }
    }
    if (result.isFailure()) {
      lanes.failed(publication);
    }
  }

  /**
   * The ticker's work: what is due after its wait, and the removal of acknowledged events. A
   * failure is logged; the ticker goes on.
   */
  private void followDue() {
    try {
      lanes.due().forEach(this::follow);
    } catch (RuntimeException e) {
      log.error("Outbox relay could not go on with what was due; it tries at the next tick", e);
    }
    try {
      removal.due(false);
    } catch (RuntimeException e) {
      log.error("Outbox relay could not remove acknowledged events; it tries at the next tick", e);
    }
  }

  /** Reads the ticket's pending events once, for a version whose predecessor is unknown here. */
  private void read(String ticketId) {
    pending
        .of(ticketId)
        .collectList()
        .timeout(READ_TIMEOUT)
        .subscribe(
            events -> follow(lanes.read(ticketId, events)),
            error -> {
              log.debug("Reading the pending events of ticket {} failed: {}", ticketId, error);
              lanes.readFailed(ticketId);
            });
  }

  private void pipelineFailed(int failed, Throwable error) {
    if (failed != generation.get()) {
      return;
    }
    synchronized (emitting) {
      publishing = false;
    }
    lanes.failInFlight();
    Duration delay = nextRestart;
    nextRestart = min(delay.multipliedBy(2), properties.restartMaxBackoff());
    log.error("Outbox publisher failed; events stay pending, restarting in {}", delay, error);
    Mono.delay(delay)
        .subscribe(
            tick -> {
              synchronized (lifecycle) {
                if (running && generation.compareAndSet(failed, failed + 1)) {
                  publishing = true;
                  openPipeline(failed + 1);
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
    // Sends in flight are answered only while the stream lives; removal needs MongoDB alone.
    while (System.nanoTime() < deadline
        && ((!lanes.isSettled() && pipeline != null && !pipeline.isDisposed())
            || !removal.isIdle())) {
      removal.due(true);
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
    dispose(ticking);
    dispose(pipeline);
    removal.close();
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
