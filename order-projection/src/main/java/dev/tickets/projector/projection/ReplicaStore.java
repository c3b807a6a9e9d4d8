package dev.tickets.projector.projection;

import java.util.Collection;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where replicas live. Every write is one atomic conditional operation in the store: a replica
 * never moves backwards or skips a version, whatever runs concurrently. Adapters signal a temporary
 * outage as {@link InfrastructureUnavailable}.
 */
public interface ReplicaStore {

  /** Makes the store ready for the conditional writes (indexes); idempotent. */
  Mono<Void> prepare();

  /** The replica of a ticket, or empty when there is none. */
  Mono<TicketReplica> find(String ticketId);

  /**
   * The replicas of these tickets that exist, in any order. Stores that can should answer in one
   * query; this default asks for each one.
   */
  default Flux<TicketReplica> findAll(Collection<String> ticketIds) {
    return Flux.fromIterable(ticketIds).flatMap(this::find);
  }

  /**
   * Writes each replica with its own conditional operation: version 0 creates the replica (only if
   * there is none), version v replaces the replica holding v - 1. The operations of one call may
   * reach the store together, in one round trip and in any order, so a call holds at most one
   * replica per ticket. Emits one result per replica, in the order given; fails as a whole only
   * when the store could not be asked.
   */
  Mono<List<WriteResult>> write(List<TicketReplica> replicas);
}
