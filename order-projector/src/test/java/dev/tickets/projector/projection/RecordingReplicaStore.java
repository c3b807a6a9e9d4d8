package dev.tickets.projector.projection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import reactor.core.publisher.Mono;
import dev.tickets.testkit.InMemoryReplicaStore;

/**
 * An in-memory store that records every call: the tickets of each write and, per ticket, every
 * version that was written, in the order the store took them.
 */
public class RecordingReplicaStore extends InMemoryReplicaStore {

  private final List<List<String>> batches = new CopyOnWriteArrayList<>();
  private final Map<String, List<Long>> written = new ConcurrentHashMap<>();

  @Override
  public Mono<List<WriteResult>> write(List<TicketReplica> batch) {
    batches.add(batch.stream().map(TicketReplica::id).toList());
    return super.write(batch);
  }

  @Override
  protected WriteResult write(TicketReplica replica) {
    WriteResult result = super.write(replica);
    if (result.written()) {
      written.computeIfAbsent(replica.id(), id -> new CopyOnWriteArrayList<>())
          .add(replica.version());
    }
    return result;
  }

  /** The tickets of each write, in the order the writes were asked for. */
  public List<List<String>> batches() {
    return List.copyOf(batches);
  }

  /** The versions written to the ticket's replica, in the order they were written. */
  public List<Long> written(String ticketId) {
    return new ArrayList<>(written.getOrDefault(ticketId, List.of()));
  }
}
