package dev.tickets.api.ticket.outbox;

import java.time.Clock;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The recovery path: every {@code sweep-interval}, measures the backlog and claims the tickets
 * whose events the fast path did not publish within {@code sweep-grace} (a crash, a Kafka outage, a
 * full relay). Both read only tickets that have pending events, through the sweep-time index. A
 * claim holds a ticket for {@code sweep-lease}, so several instances never sweep the same ticket at
 * once.
 */
@Component
class Sweeps {

  private static final Logger log = LoggerFactory.getLogger(Sweeps.class);

  private final PendingEvents pending;
  private final OutboxMetrics metrics;
  private final OutboxProperties properties;
  private final Clock clock;

  Sweeps(PendingEvents pending, OutboxMetrics metrics, OutboxProperties properties, Clock clock) {
    this.pending = pending;
    this.metrics = metrics;
    this.properties = properties;
    this.clock = clock;
  }

  /** Each claimed ticket's pending events, sweep after sweep; claims only while {@code hasRoom}. */
  Flux<List<PendingPublication>> stale(BooleanSupplier hasRoom) {
    return Flux.interval(properties.sweepInterval())
        .startWith(0L)
        .onBackpressureDrop()
        .concatMap(tick -> sweep(hasRoom), 1);
  }

  private Flux<List<PendingPublication>> sweep(BooleanSupplier hasRoom) {
    Flux<List<PendingPublication>> claims =
        Flux.defer(
            () ->
                hasRoom.getAsBoolean()
                    ? pending.claimStale(
                        clock.instant(), properties.sweepLease(), properties.sweepBatchSize())
                    : Flux.empty());
    // The backlog's measure is a gauge: when it fails (an aggregation over a large backlog can take
    // longer than the driver's read timeout), the claims go ahead all the same.
    Mono<PendingEvents.Backlog> measured =
        pending
            .backlog()
            .doOnNext(metrics::backlog)
            .onErrorResume(
                error -> {
                  log.warn("Measuring the outbox backlog failed: {}", error.toString());
                  return Mono.empty();
                });
    return measured
        .thenMany(claims)
        .onErrorResume(
            error -> {
              log.warn("Sweep failed, retrying at the next one: {}", error.toString());
              return Flux.empty();
            });
  }
}
