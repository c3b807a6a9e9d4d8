package dev.tickets.projector.projection.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoCollection;
import dev.tickets.projector.projection.ReplicaStore;
import dev.tickets.projector.projection.TicketReplica;
import dev.tickets.projector.projection.WriteResult;
import java.util.Collection;
import java.util.List;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Replicas in MongoDB, collection {@code ticket_replicas}. Version 0 is an insert (a duplicate key
 * means the replica exists); version v is an update matching the plain document {@code {_id,
 * version: v - 1}}, served by a unique index on exactly those fields. One replica is one operation;
 * several are one unordered {@code bulkWrite} ({@link BulkWriteResults} tells which of them were
 * written).
 */
@Component
class MongoReplicaStore implements ReplicaStore {

  private final ReactiveMongoTemplate mongo;
  private final ReplicaIds ids;

  MongoReplicaStore(ReactiveMongoTemplate mongo) {
    this.mongo = mongo;
    this.ids = new ReplicaIds(mongo.getConverter());
  }

  @Override
  public Mono<Void> prepare() {
    Index idAndVersion =
        new Index()
            .on("_id", Sort.Direction.ASC)
            .on("version", Sort.Direction.ASC)
            .unique()
            .named("id_version");
    return MongoOutages.translated(
        mongo.indexOps(ReplicaDocument.class).createIndex(idAndVersion).then(), "creating indexes");
  }

  @Override
  public Mono<TicketReplica> find(String ticketId) {
    return MongoOutages.translated(
        mongo.findById(ticketId, ReplicaDocument.class).map(ReplicaDocument::toReplica),
        "reading ticket " + ticketId);
  }

  /** One query for all of them (the waiting reads' shared look-up). */
  @Override
  public Flux<TicketReplica> findAll(Collection<String> ticketIds) {
    return MongoOutages.translated(
        mongo
            .find(Query.query(Criteria.where("_id").in(ticketIds)), ReplicaDocument.class)
            .map(ReplicaDocument::toReplica),
        "reading " + ticketIds.size() + " tickets");
  }

  @Override
  public Mono<List<WriteResult>> write(List<TicketReplica> replicas) {
    Mono<List<WriteResult>> write =
        mongo
            .getCollection(ReplicaDocument.COLLECTION)
            .flatMap(
                collection ->
                    replicas.size() == 1
                        ? writeOne(collection, replicas.get(0)).map(List::of)
                        : new BulkWriteResults(collection, ids, replicas).write(models(replicas)));
    return MongoOutages.translated(
        write,
        replicas.size() == 1
            ? "writing ticket " + replicas.get(0).id() + " version " + replicas.get(0).version()
            : "writing " + replicas.size() + " replicas");
  }

  private Mono<WriteResult> writeOne(MongoCollection<Document> collection, TicketReplica replica) {
    Mono<Boolean> written =
        replica.version() == 0
            ? Mono.from(collection.insertOne(document(replica)))
                .thenReturn(true)
                .onErrorResume(MongoReplicaStore::isDuplicateKey, exists -> Mono.just(false))
            : Mono.from(collection.updateOne(previous(replica), next(replica)))
                .map(result -> result.getMatchedCount() == 1);
    return written.flatMap(
        applied ->
            applied
                ? Mono.just(WriteResult.applied())
                : BulkWriteResults.versions(collection, ids, List.of(replica.id()))
                    .map(stored -> WriteResult.notWritten(stored.get(replica.id()))));
  }

  private List<WriteModel<Document>> models(List<TicketReplica> replicas) {
    return replicas.stream()
        .<WriteModel<Document>>map(
            replica ->
                replica.version() == 0
                    ? new InsertOneModel<>(document(replica))
                    : new UpdateOneModel<>(previous(replica), next(replica)))
        .toList();
  }

  private static boolean isDuplicateKey(Throwable failure) {
    return failure instanceof MongoWriteException write
        && write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
  }

  /** The plain document {@code {_id, version: v - 1}}, which matches the unique index exactly. */
  private Document previous(TicketReplica replica) {
    return new Document("_id", ids.stored(replica.id())).append("version", replica.version() - 1);
  }

  private static Document next(TicketReplica replica) {
    return new Document("$set", fields(new Document(), replica));
  }

  private Document document(TicketReplica replica) {
    return fields(new Document("_id", ids.stored(replica.id())), replica);
  }

  /** {@code document} with the fields of {@code replica} but its id: how replicas are stored. */
  static Document fields(Document document, TicketReplica replica) {
    return document
        .append("title", replica.title())
        .append("price", new Decimal128(replica.price()))
        .append("userId", replica.userId())
        .append("version", replica.version());
  }
}
