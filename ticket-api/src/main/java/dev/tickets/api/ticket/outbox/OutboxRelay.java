package dev.tickets.api.ticket.outbox;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Owns the one long-running publication pipeline: tickets named by fresh writes and by the sweeper
 * are hashed into a fixed number of rails, and each rail drains its tickets one at a time, so no
 * ticket is ever drained twice at once here and different tickets go out concurrently.
 */
@Component
class OutboxRelay implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  private final PublishRequests requests;
  private final PendingEvents pending;
  private final TicketDrain drain;
  private final OutboxMetrics metrics;
  private final OutboxProperties properties;
  private final Clock clock;
  private volatile Disposable pipeline;

  OutboxRelay(PublishRequests requests, PendingEvents pending, TicketDrain drain,
      OutboxMetrics metrics, OutboxProperties properties, Clock clock) {
    this.requests = requests;
    this.pending = pending;
    this.drain = drain;
    this.metrics = metrics;
    this.properties = properties;
    this.clock = clock;
  }

  @Override
  public void start() {
    int rails = properties.rails();
    pipeline = Flux.merge(requests.open(), sweeps())
        .groupBy(ticketId -> Math.floorMod(ticketId.hashCode(), rails))
        .flatMap(rail -> rail.concatMap(this::drain), rails)
        .subscribe(null, error -> log.error("Outbox relay stopped; events stay pending", error));
    log.info("Outbox relay started: {} rails, sweep every {}", rails, properties.sweepInterval());
  }

  private Mono<Void> drain(String ticketId) {
    requests.taken(ticketId);
    return drain.drain(ticketId);
  }

  /**
   * Starts before the web server accepts requests and stops after it finished its graceful
   * shutdown, so that writes accepted during that shutdown are still published.
   */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 4096;
  }

  /** Tickets whose events waited longer than the grace period, found at every sweep. */
  private Flux<String> sweeps() {
    return Flux.interval(properties.sweepInterval())
        .startWith(0L)
        .onBackpressureDrop()
        .concatMap(tick -> sweep(), 1);
  }

  private Flux<String> sweep() {
    return pending.backlog()
        .doOnNext(metrics::backlog)
        .then(pending.ticketsWaitingSince(clock.instant().minus(properties.sweepGrace()),
            properties.sweepBatchSize()).collectList())
        .flatMapIterable(ticketIds -> ticketIds)
        .onErrorResume(error -> Mono.fromRunnable(
            () -> log.warn("Sweep failed, retrying at the next one: {}", error.toString())));
  }

  @Override
  public void stop() {
    Disposable running = pipeline;
    if (running != null) {
      running.dispose();
    }
  }

  @Override
  public boolean isRunning() {
    Disposable running = pipeline;
    return running != null && !running.isDisposed();
  }
}
