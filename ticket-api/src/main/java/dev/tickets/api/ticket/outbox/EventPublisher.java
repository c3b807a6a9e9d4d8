package dev.tickets.api.ticket.outbox;

import reactor.core.publisher.Mono;

/**
 * Sends one ticket event to the event log. The returned {@code Mono} completes only once the log
 * acknowledged the event durably; it fails otherwise, in which case the event may or may not have
 * been written (at-least-once).
 */
public interface EventPublisher {

  Mono<Void> publish(PendingPublication publication);
}
