package dev.tickets.projector.projection.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import dev.tickets.projector.projection.ParkedTickets;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Parked-ticket marks in MongoDB: one document per ticket holding its highest parked version. */
@Component
class MongoParkedTickets implements ParkedTickets {

  private final ReactiveMongoTemplate mongo;

  MongoParkedTickets(ReactiveMongoTemplate mongo) {
    this.mongo = mongo;
  }

  @Override
  public Mono<Long> parkedVersion(String ticketId) {
    return MongoOutages.translated(
        mongo.findById(ticketId, ParkedDocument.class).map(ParkedDocument::version),
        "reading parked mark of ticket " + ticketId);
  }

  @Override
  public Mono<Void> markParked(String ticketId, long version) {
    return MongoOutages.translated(
        mongo
            .upsert(
                query(where("_id").is(ticketId)),
                new Update().max("version", version),
                ParkedDocument.class)
            .then(),
        "marking ticket " + ticketId + " parked");
  }

  @Override
  public Mono<Void> release(String ticketId, long replicaVersion) {
    return MongoOutages.translated(
        mongo
            .remove(
                query(where("_id").is(ticketId).and("version").lte(replicaVersion)),
                ParkedDocument.class)
            .then(),
        "releasing parked mark of ticket " + ticketId);
  }
}
