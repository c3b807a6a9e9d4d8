package dev.tickets.api.ticket.outbox;

import reactor.core.publisher.Flux;

/**
 * Sends ticket events to the event log, in the order given, without waiting for one acknowledgement
 * before the next send. Answers one {@link Sent} per publication, in the order the log acknowledges
 * them. A failed send may or may not have been written (at-least-once). The returned flux errors
 * only when the publisher itself cannot go on.
 */
public interface EventPublisher {

  Flux<Sent> send(Flux<PendingPublication> publications);

  /** The log's answer for one publication: {@code failure} is null when it was acknowledged. */
  record Sent(PendingPublication publication, Throwable failure) {

    boolean acknowledged() {
      return failure == null;
    }
  }
}
