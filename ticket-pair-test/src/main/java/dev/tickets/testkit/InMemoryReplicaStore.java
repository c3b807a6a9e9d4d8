package dev.tickets.testkit;

import dev.tickets.projector.projection.ReplicaStore;
import dev.tickets.projector.projection.TicketReplica;
import dev.tickets.projector.projection.WriteResult;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;

/**
 * A {@link ReplicaStore} in a map, with the same atomic conditional writes as the MongoDB one:
 * version 0 creates a replica only if there is none, version v replaces the replica at v - 1. It
 * records every call: the tickets of each write and, per ticket, every version that was written, in
 * the order the store took them.
 */
public class InMemoryReplicaStore implements ReplicaStore {

  private final Map<String, TicketReplica> replicas = new ConcurrentHashMap<>();
  private final Queue<List<String>> batches = new ConcurrentLinkedQueue<>();
  private final Map<String, Queue<Long>> written = new ConcurrentHashMap<>();

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

  /**
   * The tickets of each write, in the order the writes were asked for: when {@link #write(List)}
   * was called. The projection calls it again after a lost race or for a held record; an outage
   * retry subscribes to the same write again and is not recorded again.
   */
  public List<List<String>> batches() {
    return List.copyOf(batches);
  }

  /** The versions written to the ticket's replica, in the order they were written. */
  public List<Long> written(String ticketId) {
    return List.copyOf(written.getOrDefault(ticketId, new ConcurrentLinkedQueue<>()));
  }

  @Override
  public Mono<List<WriteResult>> write(List<TicketReplica> batch) {
    batches.add(batch.stream().map(TicketReplica::id).toList());
    return Mono.fromSupplier(() -> batch.stream().map(this::write).toList());
  }

  /** One conditional write, atomic per ticket. */
  protected WriteResult write(TicketReplica replica) {
    AtomicReference<WriteResult> result = new AtomicReference<>();
    replicas.compute(
        replica.id(),
        (id, stored) -> {
          boolean next =
              stored == null ? replica.version() == 0 : stored.version() == replica.version() - 1;
          result.set(
              next
                  ? WriteResult.applied()
                  : WriteResult.notWritten(stored == null ? null : stored.version()));
          return next ? replica : stored;
        });
    if (result.get().written()) {
      written
          .computeIfAbsent(replica.id(), id -> new ConcurrentLinkedQueue<>())
          .add(replica.version());
    }
    return result.get();
  }
}
