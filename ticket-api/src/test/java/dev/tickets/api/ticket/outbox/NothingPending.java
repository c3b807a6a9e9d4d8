package dev.tickets.api.ticket.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A store with nothing pending that accepts every clean-up; tests override what they watch. */
class NothingPending implements PendingEvents {

  @Override
  public Flux<PendingPublication> of(String ticketId) {
    return Flux.empty();
  }

  @Override
  public Mono<Void> forget(Collection<PendingPublication> acknowledged) {
    return Mono.empty();
  }

  @Override
  public Flux<List<PendingPublication>> claimStale(Instant now, Duration lease, int limit) {
    return Flux.empty();
  }

  @Override
  public Mono<Backlog> backlog() {
    return Mono.just(new Backlog(0, null));
  }
}
