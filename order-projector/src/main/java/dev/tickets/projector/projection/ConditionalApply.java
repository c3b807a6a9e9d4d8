package dev.tickets.projector.projection;

import java.util.Optional;

import dev.tickets.events.TicketEvent;
import dev.tickets.events.VersionRule;
import reactor.core.publisher.Mono;

/**
 * Applies an event with one conditional write; when the write matches nothing, re-reads the replica
 * and classifies the event with the shared {@link VersionRule}. Never reads, compares and saves.
 */
final class ConditionalApply {

  private final ReplicaStore store;

  ConditionalApply(ReplicaStore store) {
    this.store = store;
  }

  /**
   * APPLIED or DUPLICATE; fails with {@link VersionGapPending} when earlier versions are missing,
   * with {@link ReplicaChangedConcurrently} when another writer raced.
   */
  Mono<ProjectionOutcome> apply(TicketEvent event) {
    TicketReplica next = TicketReplica.of(event);
    Mono<Boolean> write = event.version() == 0 ? store.create(next) : store.advance(next);
    return write.flatMap(applied -> applied ? Mono.just(ProjectionOutcome.APPLIED)
        : reclassify(event));
  }

  private Mono<ProjectionOutcome> reclassify(TicketEvent event) {
    return store.find(event.ticketId())
        .map(replica -> Optional.of(replica.version()))
        .defaultIfEmpty(Optional.empty())
        .flatMap(stored -> classified(event, stored.orElse(null)));
  }

  private Mono<ProjectionOutcome> classified(TicketEvent event, Long stored) {
    return switch (VersionRule.classify(stored, event.version())) {
      case DUPLICATE -> Mono.just(ProjectionOutcome.DUPLICATE);
      case GAP -> Mono.error(() -> new VersionGapPending(event, stored));
      case APPLY -> Mono.error(() -> new ReplicaChangedConcurrently(event));
    };
  }
}
