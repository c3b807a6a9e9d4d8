package dev.tickets.api.ticket.idempotency;

import java.time.Instant;

import dev.tickets.api.ticket.Ticket;
import reactor.core.publisher.Mono;

/** Where keys live, each in an atomic record of its own; every method is one atomic operation. */
public interface IdempotencyStore {

  /**
   * Claims the key for a first execution: stores {@code claim} unless the key exists.
   *
   * @return true when it was stored, false when the key already exists
   */
  Mono<Boolean> insert(IdempotencyKey key, KeyRecord claim);

  /** Replaces the key with {@code claim} if it expired before {@code now}; true if it did. */
  Mono<Boolean> replaceExpired(IdempotencyKey key, KeyRecord claim, Instant now);

  /**
   * Takes over a key of the same request whose execution left no answer and whose lease ended
   * before {@code now}: only the token and the lease change, the ticket stays the first one.
   *
   * @return the record as taken over, or empty when the key is held, answered or another request's
   */
  Mono<KeyRecord> takeOverAbandoned(IdempotencyKey key, String fingerprint, String token,
      Instant leaseEnd, Instant now);

  Mono<KeyRecord> find(IdempotencyKey key);

  /** Records the answer of the execution holding {@code token}. */
  Mono<Void> complete(IdempotencyKey key, String token, Ticket answer);

  /** Forgets the key if {@code token} still holds it unanswered: its execution wrote nothing. */
  Mono<Void> release(IdempotencyKey key, String token);
}
