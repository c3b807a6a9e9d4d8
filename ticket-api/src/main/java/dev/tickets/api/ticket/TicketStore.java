package dev.tickets.api.ticket;

import dev.tickets.events.TicketEvent;
import dev.tickets.events.TicketIds;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where tickets live. Every write is one atomic operation that also records the write's event as
 * pending publication, so an event exists if and only if its write happened.
 */
public interface TicketStore {

  /** A fresh, well-formed ticket id (see {@link TicketIds}). */
  String newId();

  /**
   * Stores a new ticket at version 0 together with its {@code created} event.
   *
   * @return the write, or empty when a ticket with this id already exists
   */
  Mono<TicketWrite> insert(Ticket ticket, TicketEvent created);

  /**
   * Applies {@code changes} if the ticket is at {@code expectedVersion} and belongs to {@code
   * owner}, incrementing its version and recording {@code updated}, all in one atomic operation.
   * When {@code claim} is not null, the same operation records that the write was made under that
   * {@code Idempotency-Key} claim (replacing the ticket's previous such record); when {@code
   * unlessClaimed} too, the write happens only if the ticket's latest keyed write was not made
   * under {@code claim}.
   *
   * @return the write, or empty when no ticket matched all conditions
   */
  Mono<TicketWrite> updateIfCurrent(
      String id,
      long expectedVersion,
      String owner,
      TicketChanges changes,
      TicketEvent updated,
      String claim,
      boolean unlessClaimed);

  /**
   * The ticket as the write made under {@code claim} left it, if that write was the ticket's latest
   * one made under a claim; empty otherwise.
   */
  Mono<Ticket> findWrittenUnder(String id, String claim);

  Mono<Ticket> findById(String id);

  /** Up to {@code limit} tickets with ids greater than {@code afterId} (all when null), by id. */
  Flux<Ticket> findPage(String afterId, int limit);
}
