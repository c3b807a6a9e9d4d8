package dev.tickets.api.ticket.mongo;

import dev.tickets.api.ticket.Ticket;
import dev.tickets.api.ticket.TicketChanges;
import dev.tickets.api.ticket.TicketStore;
import dev.tickets.api.ticket.TicketWrite;
import dev.tickets.api.ticket.outbox.AcknowledgedEvents;
import dev.tickets.api.ticket.outbox.OutboxProperties;
import dev.tickets.events.TicketEvent;
import dev.tickets.events.TicketEventCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.BasicQuery;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Tickets in MongoDB: each write is one {@code insert} or one versioned {@code findAndModify},
 * which also removes the ticket's acknowledged events when nothing else is pending ({@link
 * AcknowledgedEvents}).
 */
@Component
class MongoTicketStore implements TicketStore {

  private final ReactiveMongoTemplate mongo;
  private final TicketEventCodec codec;
  private final Duration sweepGrace;
  private final AcknowledgedEvents acknowledged;

  MongoTicketStore(
      ReactiveMongoTemplate mongo,
      TicketEventCodec codec,
      OutboxProperties outbox,
      AcknowledgedEvents acknowledged) {
    this.mongo = mongo;
    this.codec = codec;
    this.sweepGrace = outbox.sweepGrace();
    this.acknowledged = acknowledged;
  }

  @Override
  public String newId() {
    return new ObjectId().toHexString();
  }

  @Override
  public Mono<TicketWrite> insert(Ticket ticket, TicketEvent created) {
    PendingEvent pending = pending(created);
    return mongo
        .insert(TicketDocument.of(ticket, pending, sweepAt(created)))
        .map(
            document ->
                new TicketWrite(document.toTicket(), created, pending.payload(), created.version()))
        .onErrorResume(DuplicateKeyException.class, exists -> Mono.empty());
  }

  @Override
  public Mono<Ticket> findWrittenUnder(String id, String claim) {
    Query byId = new BasicQuery(new Document("_id", id));
    byId.fields().include("userId", "version", "lastKeyedWrite");
    return mongo
        .findOne(byId, TicketDocument.class)
        .filter(
            document ->
                document.lastKeyedWrite() != null
                    && document.lastKeyedWrite().claim().equals(claim))
        .map(
            document ->
                new Ticket(
                    id,
                    document.lastKeyedWrite().title(),
                    document.lastKeyedWrite().price(),
                    document.userId(),
                    document.lastKeyedWrite().version()));
  }

  @Override
  public Mono<TicketWrite> updateIfCurrent(
      String id,
      long expectedVersion,
      String owner,
      TicketChanges changes,
      TicketEvent updated,
      String claim,
      boolean unlessClaimed) {
    // A plain document matching the unique index's fields exactly, so that mongo-java-server
    // uses the index instead of scanning (see TicketDocument); only a take-over of an abandoned
    // Idempotency-Key adds a condition (rare, and served by the _id index in MongoDB).
    Document query =
        new Document("_id", id).append("version", expectedVersion).append("userId", owner);
    if (unlessClaimed) {
      query.append("lastKeyedWrite.claim", new Document("$ne", claim));
    }
    Query current = new BasicQuery(query);
    // The pending versions (not their payloads) tell the relay whether earlier events still wait.
    current.fields().include("title", "price", "userId", "version", "pending.version");
    PendingEvent pending = pending(updated);
    Update write =
        new Update().set("title", changes.title()).set("price", changes.price()).inc("version", 1);
    // This instance's relay had the expected version acknowledged, so every earlier one too (it
    // sends a version only after its predecessor is acknowledged or gone): everything pending is
    // published, and this write removes it, leaving the ticket as a fresh write would, with its
    // own event alone, instead of a clean-up write of its own. A sweeper's claim on the ticket
    // took only published events, so its work is done and it ends.
    boolean removesAcknowledged = acknowledged.removableUpTo(id) == expectedVersion;
    if (removesAcknowledged) {
      write.set("pending", List.of(pending)).set("sweepAt", sweepAt(updated));
      MongoPendingEvents.CLAIM_FIELDS.forEach(write::unset);
    } else {
      write.push("pending", pending).min("sweepAt", sweepAt(updated));
    }
    if (claim != null) {
      write.set(
          "lastKeyedWrite",
          new KeyedWrite(claim, updated.version(), changes.title(), changes.price()));
    }
    return mongo
        .findAndModify(
            current, write, FindAndModifyOptions.options().returnNew(true), TicketDocument.class)
        .doOnNext(
            written -> {
              if (removesAcknowledged) {
                acknowledged.removedByWrite(id, expectedVersion);
              }
            })
        .map(
            document ->
                new TicketWrite(
                    document.toTicket(),
                    updated,
                    pending.payload(),
                    document.oldestPendingVersion()));
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

  /** Until then the fast path publishes the event; from then on the sweeper may. */
  private Instant sweepAt(TicketEvent event) {
    return event.occurredAt().plus(sweepGrace);
  }

  private PendingEvent pending(TicketEvent event) {
    return new PendingEvent(event.version(), codec.encodeToString(event), event.occurredAt());
  }
}
