package dev.tickets.projector;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tickets.projector.projection.ReplicaStore;
import dev.tickets.projector.projection.TicketReplica;
import dev.tickets.projector.projection.WriteResult;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A store spy: counts the conditional writes that succeeded, per ticket and version. It writes
 * each replica on its own: a bulk write reports only how many of its updates matched, so when
 * some were duplicates it cannot tell which were written (see {@code BulkWriteResults}); a single
 * update's matched count names it exactly.
 */
final class AppliedWrites {

  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

  ReplicaStore counting(ReplicaStore store) {
    return new ForwardingReplicaStore(store) {
      @Override
      public Mono<List<WriteResult>> write(List<TicketReplica> replicas) {
        return Flux.fromIterable(replicas)
            .concatMap(replica -> super.write(List.of(replica))
                .doOnNext(results -> count(replica, results.get(0).written()))
                .map(results -> results.get(0)))
            .collectList();
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
