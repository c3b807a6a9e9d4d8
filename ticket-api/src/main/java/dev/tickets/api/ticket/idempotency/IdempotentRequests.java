package dev.tickets.api.ticket.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.stereotype.Service;

import dev.tickets.api.ticket.Ticket;
import reactor.core.publisher.Mono;

/**
 * Executes a keyed request at most once per key and caller (the IETF httpapi
 * {@code Idempotency-Key} draft). The first request claims its key in the store before it writes
 * the ticket, so no ticket change exists without its key, and records its answer after; a repeat
 * of the same request gets that answer again ({@code replayed}), waiting up to
 * {@code wait-timeout} for it (then {@link IdempotencyKeyInUse}); a different request under the
 * same key is {@link IdempotencyKeyReused}. An execution that fails releases its key, so a retry
 * executes again; one that died with the key held is taken over by a repeat after the lease
 * (a create then finds its ticket already written under the id chosen with the claim). An expired
 * key executes again.
 */
@Service
public class IdempotentRequests {

  private static final Duration FIRST_POLL = Duration.ofMillis(10);
  private static final Duration LAST_POLL = Duration.ofMillis(200);

  /** What a keyed request answers: the ticket, and whether it was replayed from an earlier run. */
  public record Answer(Ticket ticket, boolean replayed) {
  }

  private final IdempotencyStore store;
  private final IdempotencyProperties properties;
  private final Clock clock;

  public IdempotentRequests(IdempotencyStore store, IdempotencyProperties properties, Clock clock) {
    this.store = store;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * Runs {@code execution} with the request's ticket id unless the key already has an answer.
   *
   * @param execution the write; a failure releases the key and reaches the caller unchanged
   */
  public Mono<Answer> execute(IdempotentRequest request, Function<String, Mono<Ticket>> execution) {
    return Mono.defer(() -> attempt(request, execution,
        clock.instant().plus(properties.waitTimeout()), FIRST_POLL));
  }

  private Mono<Answer> attempt(IdempotentRequest request, Function<String, Mono<Ticket>> execution,
      Instant deadline, Duration poll) {
    Instant now = clock.instant();
    String token = UUID.randomUUID().toString();
    Instant leaseEnd = now.plus(properties.lease());
    KeyRecord claim = new KeyRecord(request.fingerprint(), request.request(), request.ticketId(),
        token, leaseEnd, now.plus(properties.retention()), null);
    IdempotencyKey key = request.key();
    return store.insert(key, claim)
        .flatMap(inserted -> inserted ? Mono.just(true) : store.replaceExpired(key, claim, now))
        .flatMap(claimed -> claimed ? run(key, claim, execution)
            : store.takeOverAbandoned(key, request.fingerprint(), token, leaseEnd, now)
                .flatMap(taken -> run(key, taken, execution))
                .switchIfEmpty(Mono.defer(() -> existing(request, execution, deadline, poll))));
  }

  /** The key is held by another execution, answered, or another request's. */
  private Mono<Answer> existing(IdempotentRequest request, Function<String, Mono<Ticket>> execution,
      Instant deadline, Duration poll) {
    return store.find(request.key())
        .flatMap(record -> {
          if (!record.fingerprint().equals(request.fingerprint())) {
            return Mono.error(new IdempotencyKeyReused(request.key().key(), record.request()));
          }
          if (record.completed()) {
            return Mono.just(new Answer(record.answer(), true));
          }
          if (!clock.instant().isBefore(deadline)) {
            return Mono.error(new IdempotencyKeyInUse(request.key().key()));
          }
          return Mono.delay(poll).then(Mono.defer(() -> attempt(request, execution, deadline,
              min(poll.multipliedBy(2), LAST_POLL))));
        })
        // Released or expired away meanwhile: claim it afresh.
        .switchIfEmpty(Mono.defer(() -> attempt(request, execution, deadline, poll)));
  }

  private Mono<Answer> run(IdempotencyKey key, KeyRecord claim,
      Function<String, Mono<Ticket>> execution) {
    return Mono.defer(() -> execution.apply(claim.ticketId()))
        .onErrorResume(failure -> store.release(key, claim.token())
            .onErrorResume(releaseFailed -> Mono.empty())
            .then(Mono.error(failure)))
        .flatMap(ticket -> store.complete(key, claim.token(), ticket)
            .thenReturn(new Answer(ticket, false)));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
