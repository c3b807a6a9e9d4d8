package dev.tickets.projector.projection;

import java.util.Collection;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A store that passes every call to another; a subclass overrides the calls it observes (the
 * waiting reads watch the writes, tests watch or fail them).
 */
public class ForwardingReplicaStore implements ReplicaStore {

  private final ReplicaStore store;

  public ForwardingReplicaStore(ReplicaStore store) {
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
  public Flux<TicketReplica> findAll(Collection<String> ticketIds) {
    return store.findAll(ticketIds);
  }

  @Override
  public Mono<List<WriteResult>> write(List<TicketReplica> replicas) {
    return store.write(replicas);
  }
}
