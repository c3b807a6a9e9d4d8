package dev.tickets.api.ticket.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * Publishes one ticket's pending events, lowest version first, each only after the previous one
 * was acknowledged, and forgets them only after their acknowledgement. So whichever drains run,
 * the first copy of version v in the log follows the first copy of v - 1, and nothing is lost.
 */
@Component
class TicketDrain {

  private static final Logger log = LoggerFactory.getLogger(TicketDrain.class);
  /** A drain that hangs (a stuck database call) must not hold its rail forever. */
  private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(2);

  private final PendingEvents pending;
  private final EventPublisher publisher;
  private final OutboxMetrics metrics;
  private final Clock clock;

  TicketDrain(PendingEvents pending, EventPublisher publisher, OutboxMetrics metrics, Clock clock) {
    this.pending = pending;
    this.publisher = publisher;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Completes when the ticket has nothing pending or a publication failed (left for later). The
   * acknowledged events are forgotten together, in one write, once the run stops.
   */
  Mono<Void> drain(String ticketId) {
    return Mono.defer(() -> {
      AtomicLong lastAcknowledged = new AtomicLong(-1);
      return pending.of(ticketId)
          .concatMap(this::publish)
          .doOnNext(publication -> lastAcknowledged.set(publication.version()))
          .then()
          .onErrorResume(error -> leaveForSweeper(ticketId, error))
          .then(Mono.defer(() -> forget(ticketId, lastAcknowledged.get())))
          .timeout(DRAIN_TIMEOUT)
          .onErrorResume(error -> leaveForSweeper(ticketId, error));
    });
  }

  private Mono<PendingPublication> publish(PendingPublication publication) {
    return publisher.publish(publication)
        .doOnError(error -> failed(publication, error))
        .then(Mono.fromCallable(() -> published(publication)));
  }

  private PendingPublication published(PendingPublication publication) {
    if (publication.createdAt() != null) {
      metrics.published(Duration.between(publication.createdAt(), clock.instant()));
    }
    log.debug("Published ticket {} v{}", publication.ticketId(), publication.version());
    return publication;
  }

  private Mono<Void> forget(String ticketId, long upToVersion) {
    return upToVersion < 0 ? Mono.empty() : pending.markPublished(ticketId, upToVersion);
  }

  private void failed(PendingPublication publication, Throwable error) {
    metrics.publishFailed();
    log.warn("Ticket {} v{} not acknowledged by Kafka; it and later versions stay pending: {}",
        publication.ticketId(), publication.version(), error.toString());
  }

  /** Not swallowed: the events stay pending, counted and logged, and the sweeper sends them again. */
  private Mono<Void> leaveForSweeper(String ticketId, Throwable error) {
    log.warn("Draining ticket {} stopped; its pending events stay for the sweeper: {}", ticketId,
        error.toString());
    return Mono.empty();
  }
}
