package dev.tickets.projector;

import dev.tickets.projector.projection.ReplicaStore;
import dev.tickets.projector.projection.TicketReplica;
import dev.tickets.projector.projection.WriteResult;
import java.util.List;
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
  public Mono<List<WriteResult>> write(List<TicketReplica> replicas) {
    return store.write(replicas);
  }
}
