package dev.tickets.projector.projection;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import reactor.core.publisher.Mono;

/** A {@link ReplicaStore} in a map, with the same atomic conditional writes as the real one. */
public class InMemoryReplicaStore implements ReplicaStore {

  private final Map<String, TicketReplica> replicas = new ConcurrentHashMap<>();

  public InMemoryReplicaStore holding(TicketReplica replica) {
    replicas.put(replica.id(), replica);
    return this;
  }

  public TicketReplica get(String ticketId) {
    return replicas.get(ticketId);
  }

  public Map<String, TicketReplica> all() {
    return Map.copyOf(replicas);
  }

  @Override
  public Mono<Void> prepare() {
    return Mono.empty();
  }

  @Override
  public Mono<TicketReplica> find(String ticketId) {
    return Mono.fromSupplier(() -> replicas.get(ticketId));
  }

  @Override
  public Mono<Boolean> create(TicketReplica replica) {
    return Mono.fromSupplier(() -> replicas.putIfAbsent(replica.id(), replica) == null);
  }

  @Override
  public Mono<Boolean> advance(TicketReplica replica) {
    return Mono.fromSupplier(() -> {
      AtomicBoolean matched = new AtomicBoolean();
      replicas.computeIfPresent(replica.id(), (id, stored) -> {
        matched.set(stored.version() == replica.version() - 1);
        return matched.get() ? replica : stored;
      });
      return matched.get();
    });
  }
}
