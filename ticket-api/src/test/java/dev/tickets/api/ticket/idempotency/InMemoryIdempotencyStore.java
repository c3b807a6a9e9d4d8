package dev.tickets.api.ticket.idempotency;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

/** Keys in a map, with the store's compare-and-set semantics; for unit tests. */
final class InMemoryIdempotencyStore implements IdempotencyStore {

  final Map<IdempotencyKey, KeyRecord> records = new ConcurrentHashMap<>();

  @Override
  public Mono<Boolean> insert(IdempotencyKey key, KeyRecord claim) {
    return Mono.fromSupplier(() -> records.putIfAbsent(key, claim.atRevision(0)) == null);
  }

  @Override
  public Mono<KeyRecord> find(IdempotencyKey key) {
    return Mono.fromSupplier(() -> records.get(key));
  }

  @Override
  public Mono<Boolean> replace(IdempotencyKey key, long revision, KeyRecord next) {
    return Mono.fromSupplier(() -> {
      KeyRecord current = records.get(key);
      return current != null && current.revision() == revision
          && records.replace(key, current, next.atRevision(revision + 1));
    });
  }

  @Override
  public Mono<Void> delete(IdempotencyKey key, long revision) {
    return Mono.fromRunnable(() -> records.computeIfPresent(key,
        (k, current) -> current.revision() == revision ? null : current));
  }
}
