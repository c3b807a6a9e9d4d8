package dev.tickets.api.ticket.mongo;

import dev.tickets.api.ticket.Ticket;
import dev.tickets.api.ticket.idempotency.IdempotencyKey;
import dev.tickets.api.ticket.idempotency.IdempotencyStore;
import dev.tickets.api.ticket.idempotency.KeyRecord;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Date;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.BasicQuery;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keys in MongoDB, collection {@code idempotency_keys}: one document per caller and key ({@code
 * _id: "<key> <caller>"}, with {@code caller} and {@code key} also as fields), with a TTL index on
 * {@code expiresAt} that removes expired keys (mongo-java-server ignores TTL indexes; an expired
 * key is replaced on its next use either way). Changes match the plain document {@code {_id,
 * revision}}, which a unique index serves exactly (mongo-java-server uses an index only for a query
 * on exactly its fields).
 */
@Component
class MongoIdempotencyStore implements IdempotencyStore {

  static final String COLLECTION = "idempotency_keys";
  private static final Logger log = LoggerFactory.getLogger(MongoIdempotencyStore.class);

  private final ReactiveMongoTemplate mongo;

  MongoIdempotencyStore(ReactiveMongoTemplate mongo) {
    this.mongo = mongo;
  }

  @EventListener(ApplicationReadyEvent.class)
  void createIndexes() {
    Flux.concat(
            mongo
                .indexOps(COLLECTION)
                .createIndex(
                    new Index()
                        .on("_id", Sort.Direction.ASC)
                        .on("revision", Sort.Direction.ASC)
                        .unique()
                        .named("id_revision")),
            mongo
                .indexOps(COLLECTION)
                .createIndex(
                    new Index()
                        .on("expiresAt", Sort.Direction.ASC)
                        .expire(Duration.ZERO)
                        .named("expires_at")))
        .subscribe(
            created -> log.debug("Index {} on {} is in place", created, COLLECTION),
            failure ->
                log.warn("Could not create the indexes of {}: {}", COLLECTION, failure.toString()));
  }

  @Override
  public Mono<Boolean> insert(IdempotencyKey key, KeyRecord claim) {
    return mongo
        .insert(document(key, claim), COLLECTION)
        .thenReturn(true)
        .onErrorResume(DuplicateKeyException.class, exists -> Mono.just(false));
  }

  @Override
  public Mono<KeyRecord> find(IdempotencyKey key) {
    return mongo
        .findOne(new BasicQuery(new Document("_id", id(key))), Document.class, COLLECTION)
        .map(MongoIdempotencyStore::record);
  }

  @Override
  public Mono<Boolean> replace(IdempotencyKey key, long revision, KeyRecord next) {
    Update replace = new Update();
    document(key, next.atRevision(revision + 1))
        .forEach(
            (field, value) -> {
              if (!field.equals("_id")) {
                replace.set(field, value);
              }
            });
    if (next.answer() == null) {
      replace.unset("answer");
    }
    return mongo
        .updateFirst(atRevision(key, revision), replace, COLLECTION)
        .map(result -> result.getMatchedCount() == 1);
  }

  @Override
  public Mono<Void> delete(IdempotencyKey key, long revision) {
    return mongo.remove(atRevision(key, revision), COLLECTION).then();
  }

  /** The plain document {@code {_id, revision}}, which matches the unique index exactly. */
  private static BasicQuery atRevision(IdempotencyKey key, long revision) {
    return new BasicQuery(new Document("_id", id(key)).append("revision", revision));
  }

  /**
   * The key, a space, then the caller: unambiguous, since a key has no spaces. A string, because
   * mongo-java-server serves no query whose value is a document from an index.
   */
  private static String id(IdempotencyKey key) {
    return key.key() + " " + key.caller();
  }

  private static Document document(IdempotencyKey key, KeyRecord record) {
    Document document =
        new Document("_id", id(key))
            .append("caller", key.caller())
            .append("key", key.key())
            .append("fingerprint", record.fingerprint())
            .append("request", record.request())
            .append("ticketId", record.ticketId())
            .append("claim", record.claim())
            .append("token", record.token())
            .append("leaseEnd", Date.from(record.leaseEnd()))
            .append("expiresAt", Date.from(record.expiresAt()))
            .append("revision", record.revision());
    if (record.answer() != null) {
      document.append("answer", ticket(record.answer()));
    }
    return document;
  }

  private static Document ticket(Ticket ticket) {
    return new Document("id", ticket.id())
        .append("title", ticket.title())
        .append("price", new Decimal128(ticket.price()))
        .append("userId", ticket.userId())
        .append("version", ticket.version());
  }

  private static KeyRecord record(Document stored) {
    Document answer = stored.get("answer", Document.class);
    return new KeyRecord(
        stored.getString("fingerprint"),
        stored.getString("request"),
        stored.getString("ticketId"),
        stored.getString("claim"),
        stored.getString("token"),
        stored.getDate("leaseEnd").toInstant(),
        stored.getDate("expiresAt").toInstant(),
        answer == null
            ? null
            : new Ticket(
                answer.getString("id"),
                answer.getString("title"),
                price(answer.get("price")),
                answer.getString("userId"),
                ((Number) answer.get("version")).longValue()),
        ((Number) stored.get("revision")).longValue());
  }

  private static BigDecimal price(Object stored) {
    return stored instanceof Decimal128 decimal
        ? decimal.bigDecimalValue()
        : new BigDecimal(stored.toString());
  }
}
