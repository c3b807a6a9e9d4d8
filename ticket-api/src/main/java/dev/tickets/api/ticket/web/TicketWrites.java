package dev.tickets.api.ticket.web;

import dev.tickets.api.ticket.Ticket;
import dev.tickets.api.ticket.TicketChanges;
import dev.tickets.api.ticket.TicketService;
import dev.tickets.api.ticket.VersionConflict;
import dev.tickets.api.ticket.idempotency.IdempotentRequests.Execution;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** The writes behind {@code POST} and {@code PUT}, plain or as keyed executions. */
@Component
class TicketWrites {

  private final TicketService tickets;

  TicketWrites(TicketService tickets) {
    this.tickets = tickets;
  }

  /** A keyed create: under the id chosen with the claim; recovered as the ticket at version 0. */
  Execution create(TicketChanges changes, String owner) {
    return new Execution() {
      @Override
      public Mono<Ticket> run(String ticketId, String claim, boolean takeOver) {
        return tickets.create(changes, owner, ticketId);
      }

      @Override
      public Mono<Ticket> recover(String ticketId, String claim) {
        return tickets.createdAs(new Ticket(ticketId, changes.title(), changes.price(), owner, 0));
      }
    };
  }

  /**
   * A keyed update: records its claim; recovered from the ticket's latest keyed write. Two runs
   * under one claim (a slow first one and the repeat that took it over) can both write only if the
   * precondition allows two versions, or for a take-over: those writes are also conditional on the
   * claim not being the ticket's latest keyed write. (With a single version the version condition
   * already lets only one of them write, and the query stays the plain one the index serves.)
   */
  Execution update(WritePrecondition precondition, TicketChanges changes, String owner) {
    return new Execution() {
      @Override
      public Mono<Ticket> run(String ticketId, String claim, boolean takeOver) {
        return update(
            ticketId,
            precondition,
            changes,
            owner,
            claim,
            takeOver || precondition.versions().size() > 1);
      }

      @Override
      public Mono<Ticket> recover(String ticketId, String claim) {
        return tickets.writtenUnder(ticketId, claim);
      }
    };
  }

  /**
   * Writes on the newest allowed version; when the ticket turns out to be at another allowed
   * version (an {@code If-Match} list), writes once more on that one, unless a write under the same
   * {@code Idempotency-Key} claim got there first. Each try is one atomic conditional write; with
   * {@code claim}, the write records it.
   */
  Mono<Ticket> update(
      String id,
      WritePrecondition precondition,
      TicketChanges changes,
      String owner,
      String claim,
      boolean unlessClaimed) {
    if (!precondition.satisfiable()) {
      return tickets.refuseUpdate(id, precondition.headers(), owner);
    }
    return tickets
        .update(id, precondition.newest(), changes, owner, claim, unlessClaimed)
        .onErrorResume(
            VersionConflict.class,
            conflict ->
                !precondition.allows(conflict.currentVersion())
                    ? Mono.error(conflict)
                    : writtenUnder(id, claim)
                        .flatMap(written -> Mono.<Ticket>error(conflict))
                        .switchIfEmpty(
                            Mono.defer(
                                () ->
                                    tickets.update(
                                        id,
                                        conflict.currentVersion(),
                                        changes,
                                        owner,
                                        claim,
                                        unlessClaimed))));
  }

  private Mono<Ticket> writtenUnder(String id, String claim) {
    return claim == null ? Mono.empty() : tickets.writtenUnder(id, claim);
  }
}
