package dev.tickets.projector;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tickets.projector.projection.ReplicaStore;
import dev.tickets.projector.projection.TicketReplica;
import reactor.core.publisher.Mono;

/** A store spy: counts the conditional writes that succeeded, per ticket and version. */
final class AppliedWrites {

  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

  ReplicaStore counting(ReplicaStore store) {
    return new ForwardingReplicaStore(store) {
      @Override
      public Mono<Boolean> create(TicketReplica replica) {
        return super.create(replica).doOnNext(applied -> count(replica, applied));
      }

      @Override
      public Mono<Boolean> advance(TicketReplica replica) {
        return super.advance(replica).doOnNext(applied -> count(replica, applied));
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
