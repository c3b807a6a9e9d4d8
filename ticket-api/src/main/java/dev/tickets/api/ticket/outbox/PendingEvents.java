package dev.tickets.api.ticket.outbox;

import java.time.Instant;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The events stored with their tickets' writes, waiting for publication. */
public interface PendingEvents {

  /** The ticket's pending events, lowest version first. */
  Flux<PendingPublication> of(String ticketId);

  /** Forgets the ticket's pending events up to {@code version}; call only after Kafka acknowledged them. */
  Mono<Void> markPublished(String ticketId, long version);

  /** Up to {@code limit} ids of tickets holding an event recorded before {@code recordedBefore}. */
  Flux<String> ticketsWaitingSince(Instant recordedBefore, int limit);

  /** How many events are pending in all, and when the oldest was recorded. */
  Mono<Backlog> backlog();

  /** Pending events in all; {@code oldest} is null when there are none. */
  record Backlog(long count, Instant oldest) {
  }
}
