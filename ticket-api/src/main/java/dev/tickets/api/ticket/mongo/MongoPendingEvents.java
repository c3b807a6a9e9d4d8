package dev.tickets.api.ticket.mongo;

import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.BasicQuery;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

import dev.tickets.api.ticket.outbox.PendingEvents;
import dev.tickets.api.ticket.outbox.PendingPublication;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Pending events live in their ticket's document, in the {@code pending} array. */
@Repository
class MongoPendingEvents implements PendingEvents {

  private static final Comparator<PendingEvent> BY_VERSION = Comparator.comparingLong(PendingEvent::version);

  private final ReactiveMongoTemplate mongo;

  MongoPendingEvents(ReactiveMongoTemplate mongo) {
    this.mongo = mongo;
  }

  @Override
  public Flux<PendingPublication> of(String ticketId) {
    Query byId = new BasicQuery(new Document("_id", ticketId));
    byId.fields().include("pending");
    return mongo.findOne(byId, PendingOnly.class, TicketDocument.COLLECTION)
        .flatMapIterable(ticket -> ticket.pendingOrEmpty().stream()
            .sorted(BY_VERSION)
            .map(event -> new PendingPublication(ticketId, event.version(), event.payload(), event.createdAt()))
            .toList());
  }

  @Override
  public Mono<Void> markPublished(String ticketId, long version) {
    Query byId = new BasicQuery(new Document("_id", ticketId));
    Update pull = new Update().pull("pending", new Document("version", new Document("$lte", version)));
    return mongo.updateFirst(byId, pull, TicketDocument.class).then();
  }

  @Override
  public Flux<String> ticketsWaitingSince(Instant recordedBefore, int limit) {
    Query waiting = Query.query(Criteria.where("pending.createdAt").lt(Date.from(recordedBefore))).limit(limit);
    waiting.fields().include("_id");
    return mongo.find(waiting, PendingOnly.class, TicketDocument.COLLECTION).map(PendingOnly::id);
  }

  @Override
  public Mono<Backlog> backlog() {
    List<Document> pipeline = List.of(
        new Document("$match", new Document("pending.0", new Document("$exists", true))),
        new Document("$unwind", "$pending"),
        new Document("$group", new Document("_id", null)
            .append("count", new Document("$sum", 1))
            .append("oldest", new Document("$min", "$pending.createdAt"))));
    return mongo.getCollection(TicketDocument.COLLECTION)
        .flatMap(collection -> Mono.from(collection.aggregate(pipeline).first()))
        .map(MongoPendingEvents::toBacklog)
        .defaultIfEmpty(new Backlog(0, null));
  }

  private static Backlog toBacklog(Document totals) {
    Date oldest = totals.getDate("oldest");
    return new Backlog(((Number) totals.get("count")).longValue(), oldest == null ? null : oldest.toInstant());
  }
}
