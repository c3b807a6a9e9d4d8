package dev.tickets.projector.projection;

import reactor.core.publisher.Mono;

/**
 * Where replicas live. Every write is one atomic conditional operation in the store: a replica never
 * moves backwards or skips a version, whatever runs concurrently. Adapters signal a temporary
 * outage as {@link InfrastructureUnavailable}.
 */
public interface ReplicaStore {

  /** Makes the store ready for the conditional writes (indexes); idempotent. */
  Mono<Void> prepare();

  /** The replica of a ticket, or empty when there is none. */
  Mono<TicketReplica> find(String ticketId);

  /** Creates a replica at version 0: {@code false} when a replica with that id exists already. */
  Mono<Boolean> create(TicketReplica replica);

  /**
   * Replaces the replica holding {@code replica.version() - 1} with {@code replica}:
   * {@code false} when no replica holds that version.
   */
  Mono<Boolean> advance(TicketReplica replica);
}
