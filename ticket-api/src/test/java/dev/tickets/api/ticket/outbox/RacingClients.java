package dev.tickets.api.ticket.outbox;

import dev.tickets.api.ticket.Ticket;
import dev.tickets.api.ticket.TicketChanges;
import dev.tickets.api.ticket.TicketService;
import dev.tickets.api.ticket.VersionConflict;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Clients racing conditional writes on the same tickets: each write reads a ticket and updates it
 * on the version it read; a lost race (412) is just lost. Remembers every version a client wrote,
 * and 0 for each ticket's creation.
 */
final class RacingClients {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Map<String, Set<Long>> written = new ConcurrentHashMap<>();

  RacingClients(List<String> ticketIds) {
    ticketIds.forEach(
        id -> written.computeIfAbsent(id, key -> ConcurrentHashMap.newKeySet()).add(0L));
  }

  /**
   * Creates {@code count} tickets of alice's, ticket i through {@code instance.apply(i)}; returns
   * their ids.
   */
  static List<String> createTickets(int count, IntFunction<TicketService> instance) {
    return Flux.range(0, count)
        .concatMap(
            i ->
                instance.apply(i).create(new TicketChanges("Ticket " + i, BigDecimal.ONE), "alice"))
        .map(Ticket::id)
        .collectList()
        .block(TIMEOUT);
  }

  /**
   * {@code clients} clients, each writing {@code rounds} times in turn: {@code write.apply(client,
   * round)}.
   */
  void race(int clients, int rounds, BiFunction<Integer, Integer, Mono<Void>> write) {
    Flux.range(0, clients)
        .flatMap(
            client -> Flux.range(0, rounds).concatMap(round -> write.apply(client, round)), clients)
        .then()
        .block(Duration.ofMinutes(2));
  }

  /**
   * One read and conditional update of ticket {@code id} through {@code tickets}, by {@code
   * client}.
   */
  Mono<Void> writeOnce(TicketService tickets, String id, int client) {
    return tickets
        .find(id)
        .flatMap(
            current ->
                tickets.update(
                    id,
                    current.version(),
                    new TicketChanges("by client " + client, BigDecimal.valueOf(client)),
                    "alice"))
        .doOnNext(updated -> written.get(id).add(updated.version()))
        .onErrorResume(VersionConflict.class, conflict -> Mono.empty())
        .then();
  }

  /** The versions written to ticket {@code id}, its creation's 0 included. */
  Set<Long> writtenOf(String id) {
    return written.get(id);
  }
}
