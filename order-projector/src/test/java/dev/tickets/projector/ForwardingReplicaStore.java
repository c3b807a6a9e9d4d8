package dev.tickets.projector;

import dev.tickets.projector.projection.ReplicaStore;
import dev.tickets.projector.projection.TicketReplica;
import reactor.core.publisher.Mono;

/** A store that passes every call to the application's; tests override the writes they observe. */
class ForwardingReplicaStore implements ReplicaStore {

  private final ReplicaStore store;

  ForwardingReplicaStore(ReplicaStore store) {
    this.store = store;
  }

  @Override
  public Mono<Void> prepare() {
    return store.prepare();
  }

  @Override
  public Mono<TicketReplica> find(String ticketId) {
    return store.find(ticketId);
  }

  @Override
  public Mono<Boolean> create(TicketReplica replica) {
    return store.create(replica);
  }

  @Override
  public Mono<Boolean> advance(TicketReplica replica) {
    return store.advance(replica);
  }
}
