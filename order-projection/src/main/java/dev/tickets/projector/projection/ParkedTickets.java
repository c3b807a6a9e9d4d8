package dev.tickets.projector.projection;

import reactor.core.publisher.Mono;

/**
 * Tickets with a version parked on the dead-letter topic because of a gap. While the replica is
 * behind a ticket's mark, later versions that cannot be applied are parked at once, in order, so an
 * operator can replay them all. Once the replica reached the mark (the parked versions were
 * replayed), the mark is stale and removed when next seen. Adapters signal a temporary outage as
 * {@link InfrastructureUnavailable}.
 */
public interface ParkedTickets {

  /** The highest version of the ticket parked so far, or empty when none is. */
  Mono<Long> parkedVersion(String ticketId);

  /** Records that {@code version} of the ticket was parked (keeps the highest version). */
  Mono<Void> markParked(String ticketId, long version);

  /** Removes the mark if the replica's version reached it: the ticket healed. */
  Mono<Void> release(String ticketId, long replicaVersion);
}
