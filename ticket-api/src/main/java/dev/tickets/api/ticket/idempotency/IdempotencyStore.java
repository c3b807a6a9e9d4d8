package dev.tickets.api.ticket.idempotency;

import reactor.core.publisher.Mono;

/**
 * Where keys live, each in a record of its own. Every change is one atomic operation conditional on
 * the record's {@link KeyRecord#revision() revision} (compare and set), so of two executions that
 * read the same record only one can change it.
 */
public interface IdempotencyStore {

  /**
   * Stores {@code claim} (at revision 0) unless the key exists.
   *
   * @return true when it was stored, false when the key already exists
   */
  Mono<Boolean> insert(IdempotencyKey key, KeyRecord claim);

  Mono<KeyRecord> find(IdempotencyKey key);

  /**
   * Replaces the record if it is still at {@code revision}; the stored record then has the next
   * revision.
   *
   * @return true when it was replaced
   */
  Mono<Boolean> replace(IdempotencyKey key, long revision, KeyRecord next);

  /** Forgets the key if its record is still at {@code revision}. */
  Mono<Void> delete(IdempotencyKey key, long revision);
}
