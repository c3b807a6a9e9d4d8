package dev.tickets.api.ticket;

import dev.tickets.events.TicketEvent;
import dev.tickets.events.TicketIds;
import java.time.Clock;
import java.util.List;
import java.util.function.LongFunction;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Ticket use cases; every method reports its errors in the {@code Mono} it returns, never by
 * throwing. Optimistic concurrency: an update names the version it was based on and succeeds only
 * if the ticket still has it; otherwise it fails with {@link VersionConflict}.
 */
@Service
public class TicketService {

  private final TicketStore store;
  private final TicketChangeListener listener;
  private final Clock clock;

  public TicketService(TicketStore store, TicketChangeListener listener, Clock clock) {
    this.store = store;
    this.listener = listener;
    this.clock = clock;
  }

  public Mono<Ticket> create(TicketChanges fields, String owner) {
    return create(fields, owner, store.newId());
  }

  /** A fresh id for {@link #create(TicketChanges, String, String)}. */
  public String newId() {
    return store.newId();
  }

  /**
   * Creates the ticket under an id chosen beforehand, or, when an earlier attempt of the same
   * request already created it, answers that ticket without writing again.
   */
  public Mono<Ticket> create(TicketChanges fields, String owner, String id) {
    Ticket ticket = new Ticket(id, fields.title(), fields.price(), owner, 0);
    return Mono.defer(
            () -> {
              TicketIds.require(id, MalformedTicketId::new);
              return store.insert(ticket, eventFor(ticket));
            })
        .doOnNext(listener::written)
        .map(TicketWrite::ticket)
        .switchIfEmpty(
            Mono.defer(
                () ->
                    createdAs(ticket)
                        .switchIfEmpty(
                            Mono.error(
                                () ->
                                    new IllegalStateException(
                                        "Ticket "
                                            + id
                                            + " exists but was not created by "
                                            + owner)))));
  }

  /**
   * The answer of an earlier create of {@code ticket} (at version 0), if a ticket with its id
   * exists and belongs to its owner: a create answers version 0 with the fields it was given,
   * whatever the ticket became since.
   */
  public Mono<Ticket> createdAs(Ticket ticket) {
    return Mono.defer(() -> store.findById(TicketIds.require(ticket.id(), MalformedTicketId::new)))
        .filter(existing -> existing.userId().equals(ticket.userId()))
        .map(existing -> ticket);
  }

  public Mono<Ticket> find(String id) {
    return Mono.defer(() -> store.findById(TicketIds.require(id, MalformedTicketId::new)))
        .switchIfEmpty(Mono.error(() -> new TicketNotFound(id)));
  }

  public Mono<TicketPage> page(String afterId, int limit) {
    return Mono.defer(
            () -> {
              if (afterId != null) {
                TicketIds.require(afterId, MalformedTicketId::new);
              }
              return store.findPage(afterId, limit + 1).collectList();
            })
        .map(tickets -> toPage(tickets, limit));
  }

  /** Applies {@code changes} on top of {@code expectedVersion}, in one atomic write. */
  public Mono<Ticket> update(
      String id, long expectedVersion, TicketChanges changes, String caller) {
    return update(id, expectedVersion, changes, caller, null, false);
  }

  /**
   * As {@link #update(String, long, TicketChanges, String)}; when {@code claim} is given, the same
   * atomic write records that it was made under that {@code Idempotency-Key} claim, and with {@code
   * unlessClaimed} happens only if no write under that claim was the ticket's latest keyed one (a
   * take-over must not repeat the abandoned run's write).
   */
  public Mono<Ticket> update(
      String id,
      long expectedVersion,
      TicketChanges changes,
      String caller,
      String claim,
      boolean unlessClaimed) {
    return Mono.defer(
            () -> {
              TicketIds.require(id, MalformedTicketId::new);
              Ticket next =
                  new Ticket(id, changes.title(), changes.price(), caller, expectedVersion + 1);
              return store.updateIfCurrent(
                  id, expectedVersion, caller, changes, eventFor(next), claim, unlessClaimed);
            })
        .doOnNext(listener::written)
        .map(TicketWrite::ticket)
        .switchIfEmpty(Mono.defer(() -> explainRefusal(id, expectedVersion, caller)));
  }

  /** The ticket as the update made under {@code claim} left it, if it was made; else empty. */
  public Mono<Ticket> writtenUnder(String id, String claim) {
    return Mono.defer(
        () -> store.findWrittenUnder(TicketIds.require(id, MalformedTicketId::new), claim));
  }

  /**
   * Refuses an update whose {@code condition} allows no version at all: {@link TicketNotFound},
   * {@link NotTicketOwner} or, for the owner, {@link VersionConflict} with the current version.
   */
  public Mono<Ticket> refuseUpdate(String id, String condition, String caller) {
    return Mono.defer(
        () ->
            refusal(
                TicketIds.require(id, MalformedTicketId::new),
                caller,
                current -> VersionConflict.excluded(id, current, condition)));
  }

  /** Reads the ticket once more only to tell the caller why the write matched nothing. */
  private Mono<Ticket> explainRefusal(String id, long expectedVersion, String caller) {
    return refusal(id, caller, current -> new VersionConflict(id, expectedVersion, current));
  }

  private Mono<Ticket> refusal(String id, String caller, LongFunction<VersionConflict> conflict) {
    return store
        .findById(id)
        .switchIfEmpty(Mono.error(() -> new TicketNotFound(id)))
        .flatMap(
            current ->
                Mono.error(
                    current.userId().equals(caller)
                        ? conflict.apply(current.version())
                        : new NotTicketOwner(id)));
  }

  private TicketEvent eventFor(Ticket ticket) {
    return TicketEvent.of(
        ticket.id(),
        ticket.version(),
        ticket.title(),
        ticket.price(),
        ticket.userId(),
        clock.instant());
  }

  private static TicketPage toPage(List<Ticket> tickets, int limit) {
    if (tickets.size() <= limit) {
      return new TicketPage(tickets, null);
    }
    List<Ticket> page = tickets.subList(0, limit);
    return new TicketPage(List.copyOf(page), page.get(limit - 1).id());
  }
}
