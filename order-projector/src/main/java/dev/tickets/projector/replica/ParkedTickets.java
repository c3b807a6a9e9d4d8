package dev.tickets.projector.replica;

import reactor.core.publisher.Mono;

/**
 * Tickets with a version parked on the dead-letter topic because of a gap. While a ticket is marked,
 * later versions that cannot be applied are parked at once, in order, so an operator can replay them
 * all. Adapters signal a temporary outage as {@link InfrastructureUnavailable}.
 */
public interface ParkedTickets {

  /** The highest version of the ticket parked so far, or empty when none is. */
  Mono<Long> parkedVersion(String ticketId);

  /** Records that {@code version} of the ticket was parked (keeps the highest version). */
  Mono<Void> markParked(String ticketId, long version);

  /** Removes the mark once the replica reached the parked version: the ticket healed. */
  Mono<Void> release(String ticketId, long replicaVersion);
}
