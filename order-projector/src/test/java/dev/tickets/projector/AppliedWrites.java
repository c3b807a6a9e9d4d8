package dev.tickets.projector;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tickets.projector.projection.ReplicaStore;
import dev.tickets.projector.projection.TicketReplica;
import dev.tickets.projector.projection.WriteResult;
import reactor.core.publisher.Mono;

/** A store spy: counts the conditional writes that succeeded, per ticket and version. */
final class AppliedWrites {

  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

  ReplicaStore counting(ReplicaStore store) {
    return new ForwardingReplicaStore(store) {
      @Override
      public Mono<List<WriteResult>> write(List<TicketReplica> replicas) {
        return super.write(replicas).doOnNext(results -> {
          for (int i = 0; i < replicas.size(); i++) {
            count(replicas.get(i), results.get(i).written());
          }
        });
      }
    };
  }

  private void count(TicketReplica replica, boolean applied) {
    if (applied) {
      counts.computeIfAbsent(replica.id() + "@" + replica.version(), key -> new AtomicInteger())
          .incrementAndGet();
    }
  }

  /** How often each ticket@version was written; a version applied twice counts 2. */
  Map<String, Integer> counts() {
    Map<String, Integer> snapshot = new ConcurrentHashMap<>();
    counts.forEach((key, count) -> snapshot.put(key, count.get()));
    return snapshot;
  }
}
