package dev.tickets.projector.projection.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import org.bson.types.Decimal128;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import dev.tickets.projector.projection.ReplicaStore;
import dev.tickets.projector.projection.TicketReplica;
import reactor.core.publisher.Mono;

/**
 * Replicas in MongoDB. Version 0 is an insert (a duplicate key means the replica exists); version v
 * is one {@code updateFirst} matching the plain document {@code {_id, version: v - 1}}, served by a
 * unique index on exactly those fields.
 */
@Component
class MongoReplicaStore implements ReplicaStore {

  private final ReactiveMongoTemplate mongo;

  MongoReplicaStore(ReactiveMongoTemplate mongo) {
    this.mongo = mongo;
  }

  @Override
  public Mono<Void> prepare() {
    Index idAndVersion = new Index().on("_id", Sort.Direction.ASC)
        .on("version", Sort.Direction.ASC).unique().named("id_version");
    return MongoOutages.translated(
        mongo.indexOps(ReplicaDocument.class).createIndex(idAndVersion).then(), "creating indexes");
  }

  @Override
  public Mono<TicketReplica> find(String ticketId) {
    return MongoOutages.translated(mongo.findById(ticketId, ReplicaDocument.class)
        .map(ReplicaDocument::toReplica), "reading ticket " + ticketId);
  }

  @Override
  public Mono<Boolean> create(TicketReplica replica) {
    Mono<Boolean> insert = mongo.insert(ReplicaDocument.of(replica)).thenReturn(true)
        .onErrorResume(DuplicateKeyException.class, exists -> Mono.just(false));
    return MongoOutages.translated(insert, "creating ticket " + replica.id());
  }

  @Override
  public Mono<Boolean> advance(TicketReplica replica) {
    Update next = Update.update("title", replica.title())
        .set("price", new Decimal128(replica.price()))
        .set("userId", replica.userId())
        .set("version", replica.version());
    Mono<Boolean> update = mongo.updateFirst(
            query(where("_id").is(replica.id()).and("version").is(replica.version() - 1)), next,
            ReplicaDocument.class)
        .map(result -> result.getMatchedCount() == 1);
    return MongoOutages.translated(update,
        "updating ticket " + replica.id() + " to version " + replica.version());
  }
}
