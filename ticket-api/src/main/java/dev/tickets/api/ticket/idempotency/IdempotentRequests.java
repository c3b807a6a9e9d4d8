package dev.tickets.api.ticket.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

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

  /** The write of a keyed request. */
  public interface Execution {

    /** Writes the ticket {@code ticketId}, recording {@code claim} with the write. */
    Mono<Ticket> run(String ticketId, String claim);

    /**
     * After a take-over: the ticket as an earlier run under {@code claim} left it, or empty when
     * none wrote.
     */
    default Mono<Ticket> recover(String ticketId, String claim) {
      return Mono.empty();
    }
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
  public Mono<Answer> execute(IdempotentRequest request, Execution execution) {
    return Mono.defer(() -> attempt(request, execution,
        clock.instant().plus(properties.waitTimeout()), FIRST_POLL));
  }

  private Mono<Answer> attempt(IdempotentRequest request, Execution execution,
      Instant deadline, Duration poll) {
    Instant now = clock.instant();
    String token = UUID.randomUUID().toString();
    KeyRecord claim = new KeyRecord(request.fingerprint(), request.request(), request.ticketId(),
        token, token, now.plus(properties.lease()), now.plus(properties.retention()), null, 0);
    return store.insert(request.key(), claim)
        .flatMap(inserted -> inserted ? run(request.key(), claim, execution, false)
            : store.find(request.key())
                .flatMap(existing -> existing(request, claim, existing, execution, deadline, poll))
                // Released meanwhile: claim it afresh.
                .switchIfEmpty(Mono.defer(() -> attempt(request, execution, deadline, poll))));
  }

  /** The key exists: expired, answered, another request's, abandoned, or still running. */
  private Mono<Answer> existing(IdempotentRequest request, KeyRecord claim, KeyRecord existing,
      Execution execution, Instant deadline, Duration poll) {
    Instant now = clock.instant();
    if (!existing.expiresAt().isAfter(now)) {
      return takeOver(request, existing.revision(), claim, execution, deadline, poll, false);
    }
    if (!existing.fingerprint().equals(request.fingerprint())) {
      return Mono.error(new IdempotencyKeyReused(request.key().key(), existing.request()));
    }
    if (existing.answered()) {
      return Mono.just(new Answer(existing.answer(), true));
    }
    if (!existing.leaseEnd().isAfter(now)) {
      return takeOver(request, existing.revision(),
          existing.heldBy(claim.token(), claim.leaseEnd()), execution, deadline, poll, true);
    }
    if (!now.isBefore(deadline)) {
      return Mono.error(new IdempotencyKeyInUse(request.key().key()));
    }
    return Mono.delay(poll).then(Mono.defer(() -> attempt(request, execution, deadline,
        min(poll.multipliedBy(2), LAST_POLL))));
  }

  /**
   * Replaces what is stored at {@code revision} by {@code claim} and runs (after looking for what
   * an abandoned run wrote), or tries again.
   */
  private Mono<Answer> takeOver(IdempotentRequest request, long revision, KeyRecord claim,
      Execution execution, Instant deadline, Duration poll, boolean abandoned) {
    return store.replace(request.key(), revision, claim)
        .flatMap(replaced -> replaced
            ? run(request.key(), claim.atRevision(revision + 1), execution, abandoned)
            : attempt(request, execution, deadline, poll));
  }

  private Mono<Answer> run(IdempotencyKey key, KeyRecord claim, Execution execution,
      boolean abandoned) {
    Mono<Answer> recovered = abandoned
        ? Mono.defer(() -> execution.recover(claim.ticketId(), claim.claim()))
            .map(ticket -> new Answer(ticket, true))
        : Mono.empty();
    return recovered
        .switchIfEmpty(Mono.defer(() -> execution.run(claim.ticketId(), claim.claim()))
            .map(ticket -> new Answer(ticket, false)))
        .onErrorResume(failure -> store.delete(key, claim.revision())
            .onErrorResume(deleteFailed -> Mono.empty())
            .then(Mono.error(failure)))
        .flatMap(answer -> store.replace(key, claim.revision(), claim.answeredWith(answer.ticket()))
            .thenReturn(answer));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
