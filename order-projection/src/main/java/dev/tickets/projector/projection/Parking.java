package dev.tickets.projector.projection;

import dev.tickets.events.ParkReason;
import dev.tickets.events.TicketEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Parks a record on the dead-letter topic and, for a decodable event, marks its ticket as parked so
 * that later versions follow it there in order.
 */
final class Parking {

  private static final Logger log = LoggerFactory.getLogger(Parking.class);

  private final DeadLetters deadLetters;
  private final ParkedTickets parked;
  private final ProjectionMetrics metrics;

  Parking(DeadLetters deadLetters, ParkedTickets parked, ProjectionMetrics metrics) {
    this.deadLetters = deadLetters;
    this.parked = parked;
    this.metrics = metrics;
  }

  /** Parks a record that is not a valid event. */
  Mono<ProjectionOutcome> invalid(Delivery delivery, String detail) {
    return deadLetters
        .park(delivery, ParkReason.INVALID_EVENT, detail)
        .then(Mono.fromRunnable(() -> parkedLog(delivery, ParkReason.INVALID_EVENT, detail)))
        .thenReturn(ProjectionOutcome.PARKED);
  }

  /**
   * Marks its ticket, then parks a valid event that cannot be applied. The mark comes first and is
   * idempotent, so a retry after a database outage does not send the record to the dead-letter
   * topic twice.
   */
  Mono<ProjectionOutcome> event(
      Delivery delivery, TicketEvent event, ParkReason reason, String detail) {
    return parked
        .markParked(event.ticketId(), event.version())
        .then(deadLetters.park(delivery, reason, detail))
        .then(Mono.fromRunnable(() -> parkedLog(delivery, reason, detail)))
        .thenReturn(ProjectionOutcome.PARKED);
  }

  private void parkedLog(Delivery delivery, ParkReason reason, String detail) {
    metrics.parked(reason);
    log.warn(
        "Parked {} (key {}) as {}: {}",
        delivery.describe(),
        delivery.key(),
        reason.wireName(),
        detail);
  }
}
