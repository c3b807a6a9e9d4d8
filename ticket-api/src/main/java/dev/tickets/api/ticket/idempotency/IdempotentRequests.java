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
 * executes again; one that died with the key held is taken over by a repeat after the lease (a
 * create then finds its ticket already written under the id chosen with the claim). An expired
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
    KeyRecord claim = new KeyRecord(request.fingerprint(), request.request(), request.ticketId(),
        UUID.randomUUID().toString(), now.plus(properties.lease()), now.plus(properties.retention()),
        null, 0);
    return store.insert(request.key(), claim)
        .flatMap(inserted -> inserted ? run(request.key(), claim, execution)
            : store.find(request.key())
                .flatMap(existing -> existing(request, claim, existing, execution, deadline, poll))
                // Released meanwhile: claim it afresh.
                .switchIfEmpty(Mono.defer(() -> attempt(request, execution, deadline, poll))));
  }

  /** The key exists: expired, answered, another request's, abandoned, or still running. */
  private Mono<Answer> existing(IdempotentRequest request, KeyRecord claim, KeyRecord existing,
      Function<String, Mono<Ticket>> execution, Instant deadline, Duration poll) {
    Instant now = clock.instant();
    if (!existing.expiresAt().isAfter(now)) {
      return takeOver(request, existing.revision(), claim, execution, deadline, poll);
    }
    if (!existing.fingerprint().equals(request.fingerprint())) {
      return Mono.error(new IdempotencyKeyReused(request.key().key(), existing.request()));
    }
    if (existing.answered()) {
      return Mono.just(new Answer(existing.answer(), true));
    }
    if (!existing.leaseEnd().isAfter(now)) {
      return takeOver(request, existing.revision(),
          existing.heldBy(claim.token(), claim.leaseEnd()), execution, deadline, poll);
    }
    if (!now.isBefore(deadline)) {
      return Mono.error(new IdempotencyKeyInUse(request.key().key()));
    }
    return Mono.delay(poll).then(Mono.defer(() -> attempt(request, execution, deadline,
        min(poll.multipliedBy(2), LAST_POLL))));
  }

  /** Replaces what is stored at {@code revision} by {@code claim} and runs, or tries again. */
  private Mono<Answer> takeOver(IdempotentRequest request, long revision, KeyRecord claim,
      Function<String, Mono<Ticket>> execution, Instant deadline, Duration poll) {
    return store.replace(request.key(), revision, claim)
        .flatMap(replaced -> replaced ? run(request.key(), claim.atRevision(revision + 1), execution)
            : attempt(request, execution, deadline, poll));
  }

  private Mono<Answer> run(IdempotencyKey key, KeyRecord claim,
      Function<String, Mono<Ticket>> execution) {
    return Mono.defer(() -> execution.apply(claim.ticketId()))
        .onErrorResume(failure -> store.delete(key, claim.revision())
            .onErrorResume(deleteFailed -> Mono.empty())
            .then(Mono.error(failure)))
        .flatMap(ticket -> store.replace(key, claim.revision(), claim.answeredWith(ticket))
            .thenReturn(new Answer(ticket, false)));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
