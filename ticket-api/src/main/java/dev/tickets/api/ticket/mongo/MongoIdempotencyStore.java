package dev.tickets.api.ticket.mongo;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bson.Document;
import org.bson.types.Decimal128;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.BasicQuery;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

import dev.tickets.api.ticket.Ticket;
import dev.tickets.api.ticket.idempotency.IdempotencyKey;
import dev.tickets.api.ticket.idempotency.IdempotencyStore;
import dev.tickets.api.ticket.idempotency.KeyRecord;
import reactor.core.publisher.Mono;

/**
 * Keys in MongoDB, collection {@code idempotency_keys}: one document per caller and key
 * ({@code _id: {caller, key}}), with a TTL index on {@code expiresAt} that removes expired keys
 * (mongo-java-server ignores TTL indexes; an expired key is replaced on its next use either way).
 */
@Repository
class MongoIdempotencyStore implements IdempotencyStore {

  static final String COLLECTION = "idempotency_keys";
  private static final Logger log = LoggerFactory.getLogger(MongoIdempotencyStore.class);

  private final ReactiveMongoTemplate mongo;

  MongoIdempotencyStore(ReactiveMongoTemplate mongo) {
    this.mongo = mongo;
  }

  @EventListener(ApplicationReadyEvent.class)
  void createIndexes() {
    mongo.indexOps(COLLECTION)
        .createIndex(new Index().on("expiresAt", Sort.Direction.ASC).expire(Duration.ZERO)
            .named("expires_at"))
        .subscribe(created -> log.debug("Index {} on {} is in place", created, COLLECTION),
            failure -> log.warn("Could not create the TTL index of {}: {}", COLLECTION,
                failure.toString()));
  }

  @Override
  public Mono<Boolean> insert(IdempotencyKey key, KeyRecord claim) {
    return mongo.insert(document(key, claim), COLLECTION).thenReturn(true)
        .onErrorResume(DuplicateKeyException.class, exists -> Mono.just(false));
  }

  @Override
  public Mono<Boolean> replaceExpired(IdempotencyKey key, KeyRecord claim, Instant now) {
    Document expired = new Document("_id", id(key)).append("expiresAt", new Document("$lte", Date.from(now)));
    Update replace = new Update().unset("answer");
    document(key, claim).forEach((field, value) -> {
      if (!field.equals("_id")) {
        replace.set(field, value);
      }
    });
    return mongo.findAndModify(new BasicQuery(expired), replace, Document.class, COLLECTION)
        .hasElement();
  }

  @Override
  public Mono<KeyRecord> takeOverAbandoned(IdempotencyKey key, String fingerprint, String token,
      Instant leaseEnd, Instant now) {
    Document abandoned = new Document("_id", id(key))
        .append("fingerprint", fingerprint)
        .append("answer", new Document("$exists", false))
        .append("leaseEnd", new Document("$lte", Date.from(now)))
        .append("expiresAt", new Document("$gt", Date.from(now)));
    Update takeOver = new Update().set("token", token).set("leaseEnd", Date.from(leaseEnd));
    return mongo.findAndModify(new BasicQuery(abandoned), takeOver,
            FindAndModifyOptions.options().returnNew(true), Document.class, COLLECTION)
        .map(MongoIdempotencyStore::record);
  }

  @Override
  public Mono<KeyRecord> find(IdempotencyKey key) {
    return mongo.findOne(new BasicQuery(new Document("_id", id(key))), Document.class, COLLECTION)
        .map(MongoIdempotencyStore::record);
  }

  @Override
  public Mono<Void> complete(IdempotencyKey key, String token, Ticket answer) {
    Document held = new Document("_id", id(key)).append("token", token);
    return mongo.updateFirst(new BasicQuery(held), new Update().set("answer", ticket(answer)),
        COLLECTION).then();
  }

  @Override
  public Mono<Void> release(IdempotencyKey key, String token) {
    Document held = new Document("_id", id(key)).append("token", token)
        .append("answer", new Document("$exists", false));
    return mongo.remove(new BasicQuery(held), COLLECTION).then();
  }

  private static Document id(IdempotencyKey key) {
    return new Document("caller", key.caller()).append("key", key.key());
  }

  private static Document document(IdempotencyKey key, KeyRecord record) {
    return new Document("_id", id(key))
        .append("fingerprint", record.fingerprint())
        .append("request", record.request())
        .append("ticketId", record.ticketId())
        .append("token", record.token())
        .append("leaseEnd", Date.from(record.leaseEnd()))
        .append("expiresAt", Date.from(record.expiresAt()));
  }

  private static Document ticket(Ticket ticket) {
    return new Document("id", ticket.id()).append("title", ticket.title())
        .append("price", new Decimal128(ticket.price())).append("userId", ticket.userId())
        .append("version", ticket.version());
  }

  private static KeyRecord record(Document stored) {
    Document answer = stored.get("answer", Document.class);
    return new KeyRecord(stored.getString("fingerprint"), stored.getString("request"),
        stored.getString("ticketId"), stored.getString("token"),
        stored.getDate("leaseEnd").toInstant(), stored.getDate("expiresAt").toInstant(),
        answer == null ? null : new Ticket(answer.getString("id"), answer.getString("title"),
            price(answer.get("price")), answer.getString("userId"),
            ((Number) answer.get("version")).longValue()));
  }

  private static BigDecimal price(Object stored) {
    return stored instanceof Decimal128 decimal ? decimal.bigDecimalValue() : new BigDecimal(stored.toString());
  }
}
