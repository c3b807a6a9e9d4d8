package dev.tickets.testkit;

import dev.tickets.projector.projection.ParkedTickets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/** Parked marks in a map. */
public class InMemoryParkedTickets implements ParkedTickets {

  private final Map<String, Long> marks = new ConcurrentHashMap<>();

  public Long mark(String ticketId) {
    return marks.get(ticketId);
  }

  @Override
  public Mono<Long> parkedVersion(String ticketId) {
    return Mono.fromSupplier(() -> marks.get(ticketId));
  }

  @Override
  public Mono<Void> markParked(String ticketId, long version) {
    return Mono.fromRunnable(() -> marks.merge(ticketId, version, Math::max));
  }

  @Override
  public Mono<Void> release(String ticketId, long replicaVersion) {
    return Mono.fromRunnable(
        () ->
            marks.computeIfPresent(
                ticketId, (id, parked) -> parked <= replicaVersion ? null : parked));
  }
}
