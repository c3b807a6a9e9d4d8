package dev.tickets.api.ticket.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The events stored with their tickets' writes, waiting for publication. A ticket with pending
 * events carries the time from which the sweeper may take them; that time is indexed, so finding
 * stale events and counting the backlog read only the tickets that have some.
 */
public interface PendingEvents {

  /** The ticket's pending events, lowest version first. */
  Flux<PendingPublication> of(String ticketId);

  /**
   * Forgets, per ticket, the pending events up to the given version, in one bulk write; call only
   * after Kafka acknowledged them. A ticket left with nothing pending leaves the sweeper's index.
   */
  Mono<Void> forget(Collection<PendingPublication> acknowledged);

  /**
   * Claims up to {@code limit} tickets whose sweep time has come, for {@code lease}, so that no
   * other instance sweeps them meanwhile, and returns each one's pending events, lowest version
   * first (never an empty list).
   */
  Flux<List<PendingPublication>> claimStale(Instant now, Duration lease, int limit);

  /** How many events are pending in all, and when the oldest was recorded. */
  Mono<Backlog> backlog();

  /** Pending events in all; {@code oldest} is null when there are none. */
  record Backlog(long count, Instant oldest) {}
}
