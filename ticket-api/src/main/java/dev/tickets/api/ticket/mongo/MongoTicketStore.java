package dev.tickets.api.ticket.mongo;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.BasicQuery;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

import dev.tickets.api.ticket.Ticket;
import dev.tickets.api.ticket.TicketChanges;
import dev.tickets.api.ticket.TicketStore;
import dev.tickets.events.TicketEvent;
import dev.tickets.events.TicketEventCodec;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Tickets in MongoDB: each write is one {@code insert} or one versioned {@code findAndModify}. */
@Repository
class MongoTicketStore implements TicketStore {

  private final ReactiveMongoTemplate mongo;
  private final TicketEventCodec codec;

  MongoTicketStore(ReactiveMongoTemplate mongo, TicketEventCodec codec) {
    this.mongo = mongo;
    this.codec = codec;
  }

  @Override
  public String newId() {
    return new ObjectId().toHexString();
  }

  @Override
  public Mono<Ticket> insert(Ticket ticket, TicketEvent created) {
    return mongo.insert(TicketDocument.of(ticket, pending(created))).map(TicketDocument::toTicket);
  }

  @Override
  public Mono<Ticket> updateIfCurrent(String id, long expectedVersion, String owner,
      TicketChanges changes, TicketEvent updated) {
    // A plain document matching the unique index's fields exactly, so that mongo-java-server
    // uses the index instead of scanning (see TicketDocument).
    Query current = new BasicQuery(new Document("_id", id)
        .append("version", expectedVersion)
        .append("userId", owner));
    current.fields().exclude("pending");
    Update write = new Update()
        .set("title", changes.title())
        .set("price", changes.price())
        .inc("version", 1)
        .push("pending", pending(updated));
    return mongo.findAndModify(current, write, FindAndModifyOptions.options().returnNew(true),
            TicketDocument.class)
        .map(TicketDocument::toTicket);
  }

  @Override
  public Mono<Ticket> findById(String id) {
    Query byId = new BasicQuery(new Document("_id", id));
    byId.fields().exclude("pending");
    return mongo.findOne(byId, TicketDocument.class).map(TicketDocument::toTicket);
  }

  @Override
  public Flux<Ticket> findPage(String afterId, int limit) {
    Query page = afterId == null ? new Query() : Query.query(Criteria.where("_id").gt(afterId));
    page.with(Sort.by("_id")).limit(limit);
    page.fields().exclude("pending");
    return mongo.find(page, TicketDocument.class).map(TicketDocument::toTicket);
  }

  private PendingEvent pending(TicketEvent event) {
    return new PendingEvent(event.version(), codec.encodeToString(event), event.occurredAt());
  }
}
