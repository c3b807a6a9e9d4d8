package dev.tickets.api.ticket.mongo;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoCollection;
import dev.tickets.api.ticket.outbox.OutboxProperties;
import dev.tickets.api.ticket.outbox.PendingEvents;
import dev.tickets.api.ticket.outbox.PendingPublication;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Pending events live in their ticket's document, in the {@code pending} array; tickets that have
 * some carry {@code sweepAt}, whose sparse index is all the sweeper reads (see {@link
 * TicketDocument}).
 */
@Component
class MongoPendingEvents implements PendingEvents {

  static final String SWEEP_AT = "sweepAt";
  static final String SWEEP_CLAIM = "sweepClaim";
  static final String SWEEP_LEASE_END = "sweepLeaseEnd";

  /**
   * The highest version a sweeper's claim took: once it is acknowledged, the claim's work is done.
   */
  static final String SWEEP_CLAIMED_UP_TO = "sweepClaimedUpTo";

  /** A sweeper's claim; a ticket with nothing pending, or a fresh write's alone, holds none. */
  static final List<String> CLAIM_FIELDS =
      List.of(SWEEP_CLAIM, SWEEP_LEASE_END, SWEEP_CLAIMED_UP_TO);

  private final ReactiveMongoTemplate mongo;
  private final Duration sweepGrace;
  private final Clock clock;

  MongoPendingEvents(ReactiveMongoTemplate mongo, OutboxProperties properties, Clock clock) {
    this.mongo = mongo;
    this.sweepGrace = properties.sweepGrace();
    this.clock = clock;
  }

  @Override
  public Flux<PendingPublication> of(String ticketId) {
    return tickets()
        .flatMap(
            tickets ->
                Mono.from(
                    tickets
                        .find(Filters.eq("_id", objectId(ticketId)))
                        .projection(Projections.include("pending", "userId"))
                        .first()))
        .flatMapIterable(MongoPendingEvents::publications);
  }

  /**
   * One write per ticket in the common case: a ticket still at the acknowledged version has nothing
   * else pending (every earlier version was acknowledged before it was sent), so it is cleared and
   * leaves the sweeper's index, by a filter that names the unique index's fields exactly (so that
   * mongo-java-server uses it; the owner never changes). Tickets it did not match (written again
   * meanwhile) that still have something pending are read back and get their events up to the
   * version pulled, with the sweeper kept off the newer ones for the grace period. When the pull
   * reaches the highest version a sweeper's claim took ({@code sweepClaimedUpTo}), the claim's work
   * is done and its lease ends with that grace too: the newer events are ones the claim did not
   * take (written on another instance, which leaves them to the sweeper), and they must not wait
   * for the whole lease. (A claim made between this read and the pull may lose its lease early:
   * another sweep may then send its events again, duplicates in order, which consumers skip.) A
   * ticket cleared by another instance between the read and the pull may keep a {@code sweepAt}
   * with nothing pending; a sweep removes it.
   */
  @Override
  public Mono<Void> forget(Collection<PendingPublication> acknowledged) {
    return Mono.defer(() -> acknowledged.isEmpty() ? Mono.empty() : bulkForget(acknowledged));
  }

  private Mono<Void> bulkForget(Collection<PendingPublication> acknowledged) {
    Map<ObjectId, PendingPublication> byId = new LinkedHashMap<>();
    acknowledged.forEach(
        published ->
            byId.merge(
                objectId(published.ticketId()),
                published,
                (one, other) -> other.version() > one.version() ? other : one));
    List<WriteModel<Document>> clears = new ArrayList<>(byId.size());
    byId.forEach(
        (id, published) ->
            clears.add(leaveSweeperIndex(id, published.version(), published.userId())));
    return tickets()
        .flatMap(
            tickets ->
                Mono.from(tickets.bulkWrite(clears, new BulkWriteOptions().ordered(false)))
                    .flatMap(
                        cleared ->
                            cleared.getMatchedCount() == clears.size()
                                ? Mono.<Void>empty()
                                : pullUncleared(tickets, byId)));
  }

  /**
   * Tickets the clear did not match that still have something pending: pull up to the acknowledged
   * version.
   */
  private Mono<Void> pullUncleared(
      MongoCollection<Document> tickets, Map<ObjectId, PendingPublication> byId) {
    Date keepOff = Date.from(clock.instant().plus(sweepGrace));
    return Flux.from(
            tickets
                .find(Filters.in("_id", byId.keySet()))
                .projection(Projections.include("version", SWEEP_AT, SWEEP_CLAIMED_UP_TO)))
        .filter(
            ticket ->
                ticket.containsKey(SWEEP_AT)
                    && ((Number) ticket.get("version")).longValue()
                        >= byId.get(ticket.getObjectId("_id")).version())
        .map(
            ticket -> {
              long acknowledgedUpTo = byId.get(ticket.getObjectId("_id")).version();
              List<Bson> changes =
                  new ArrayList<>(
                      List.of(
                          Updates.pullByFilter(
                              new Document(
                                  "pending",
                                  new Document("version", new Document("$lte", acknowledgedUpTo)))),
                          Updates.max(SWEEP_AT, keepOff)));
              if (ticket.get(SWEEP_CLAIMED_UP_TO) instanceof Number claimedUpTo
                  && claimedUpTo.longValue() <= acknowledgedUpTo) {
                changes.add(Updates.min(SWEEP_LEASE_END, keepOff));
                changes.add(Updates.unset(SWEEP_CLAIMED_UP_TO));
              }
              return (WriteModel<Document>)
                  new UpdateOneModel<Document>(
                      Filters.eq("_id", ticket.getObjectId("_id")), Updates.combine(changes));
            })
        .collectList()
        .flatMap(
            pulls ->
                pulls.isEmpty()
                    ? Mono.<Void>empty()
                    : Mono.from(tickets.bulkWrite(pulls, new BulkWriteOptions().ordered(false)))
                        .then());
  }

  @Override
  public Flux<List<PendingPublication>> claimStale(Instant now, Duration lease, int limit) {
    Bson due = Filters.lte(SWEEP_AT, Date.from(now));
    String claim = UUID.randomUUID().toString();
    return tickets()
        .flatMapMany(
            tickets ->
                Flux.from(tickets.find(due).projection(Projections.include("_id")).limit(limit))
                    .map(document -> document.getObjectId("_id"))
                    .collectList()
                    .filter(ids -> !ids.isEmpty())
                    .flatMapMany(
                        ids ->
                            Mono.from(
                                    tickets.updateMany(
                                        Filters.and(Filters.in("_id", ids), due, leaseOver(now)),
                                        Updates.combine(
                                            Updates.set(SWEEP_AT, Date.from(now.plus(lease))),
                                            Updates.set(
                                                SWEEP_LEASE_END, Date.from(now.plus(lease))),
                                            Updates.set(SWEEP_CLAIM, claim))))
                                .thenMany(
                                    tickets
                                        .find(
                                            Filters.and(
                                                Filters.in("_id", ids),
                                                Filters.eq(SWEEP_CLAIM, claim)))
                                        .projection(
                                            Projections.include("pending", "userId", "version"))))
                    .collectList()
                    .flatMapMany(claimed -> handOver(tickets, claimed, claim)));
  }

  /**
   * The claimed tickets' pending events, once one unordered {@code bulkWrite} has recorded the
   * highest version each claim took and taken the tickets with nothing pending out of the index.
   */
  private Flux<List<PendingPublication>> handOver(
      MongoCollection<Document> tickets, List<Document> claimed, String claim) {
    List<WriteModel<Document>> marks = new ArrayList<>(claimed.size());
    List<List<PendingPublication>> handed = new ArrayList<>(claimed.size());
    for (Document document : claimed) {
      ObjectId id = document.getObjectId("_id");
      List<PendingPublication> pending = publications(document);
      if (pending.isEmpty()) {
        marks.add(
            leaveSweeperIndex(
                id, ((Number) document.get("version")).longValue(), document.getString("userId")));
      } else {
        // Only while the claim holds: a write that removed the acknowledged events meanwhile
        // ended it, and a mark without its claim would hold the ticket back for nothing.
        marks.add(
            new UpdateOneModel<>(
                Filters.and(Filters.eq("_id", id), Filters.eq(SWEEP_CLAIM, claim)),
                Updates.set(SWEEP_CLAIMED_UP_TO, pending.get(pending.size() - 1).version())));
        handed.add(pending);
      }
    }
    return marks.isEmpty()
        ? Flux.empty()
        : Mono.from(tickets.bulkWrite(marks, new BulkWriteOptions().ordered(false)))
            .thenMany(Flux.fromIterable(handed));
  }

  @Override
  public Mono<Backlog> backlog() {
    List<Document> pipeline =
        List.of(
            new Document("$match", new Document(SWEEP_AT, new Document("$exists", true))),
            new Document("$unwind", "$pending"),
            new Document(
                "$group",
                new Document("_id", null)
                    .append("count", new Document("$sum", 1))
                    .append("oldest", new Document("$min", "$pending.createdAt"))));
    return tickets()
        .flatMap(tickets -> Mono.from(tickets.aggregate(pipeline).first()))
        .map(MongoPendingEvents::toBacklog)
        .defaultIfEmpty(new Backlog(0, null));
  }

  /**
   * A claim's lease lives in a field of its own: writes move {@code sweepAt} back (their own events
   * become due after the grace), but a claimed ticket stays its claimer's until the lease ends, or
   * until a write removes every event the claim took, Kafka having acknowledged them ({@code
   * MongoTicketStore}).
   */
  private static Bson leaseOver(Instant now) {
    return Filters.or(
        Filters.exists(SWEEP_LEASE_END, false), Filters.lte(SWEEP_LEASE_END, Date.from(now)));
  }

  /**
   * Takes the ticket out of the sweeper's index if it is still at {@code version}: nothing newer is
   * pending.
   */
  private static WriteModel<Document> leaveSweeperIndex(ObjectId id, long version, String userId) {
    Document sameVersion =
        new Document("_id", id).append("version", version).append("userId", userId);
    List<Bson> changes = new ArrayList<>();
    changes.add(Updates.unset(SWEEP_AT));
    CLAIM_FIELDS.forEach(field -> changes.add(Updates.unset(field)));
    changes.add(Updates.set("pending", List.of()));
    return new UpdateOneModel<>(sameVersion, Updates.combine(changes));
  }

  private Mono<MongoCollection<Document>> tickets() {
    return mongo.getCollection(TicketDocument.COLLECTION);
  }

  private ObjectId objectId(String ticketId) {
    return (ObjectId) mongo.getConverter().convertId(ticketId, ObjectId.class);
  }

  private static List<PendingPublication> publications(Document ticket) {
    String ticketId = ticket.getObjectId("_id").toHexString();
    String userId = ticket.getString("userId");
    return ticket.getList("pending", Document.class, List.of()).stream()
        .map(
            event ->
                new PendingPublication(
                    ticketId,
                    userId,
                    ((Number) event.get("version")).longValue(),
                    event.getString("payload"),
                    event.getDate("createdAt").toInstant()))
        .sorted(Comparator.comparingLong(PendingPublication::version))
        .toList();
  }

  private static Backlog toBacklog(Document totals) {
    Date oldest = totals.getDate("oldest");
    return new Backlog(
        ((Number) totals.get("count")).longValue(), oldest == null ? null : oldest.toInstant());
  }
}
