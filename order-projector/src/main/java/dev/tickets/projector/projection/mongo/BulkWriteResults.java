package dev.tickets.projector.projection.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoCollection;
import dev.tickets.projector.projection.TicketReplica;
import dev.tickets.projector.projection.WriteResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One unordered {@code bulkWrite} of conditional writes, and which of them were written. An insert
 * that failed is named by its write error (a duplicate key: the replica exists). Updates report
 * only how many matched; when fewer than all did, the replicas are read back in one query: an
 * update whose replica is below its version was not written, and of those at or above it, as many
 * as matched were written and the others were already there. Which of the latter were which cannot
 * be told (it matters only to the applied and duplicate counts, never to the replica).
 */
final class BulkWriteResults {

  private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);

  private final MongoCollection<Document> collection;
  private final ReplicaIds ids;
  private final List<TicketReplica> replicas;

  BulkWriteResults(
      MongoCollection<Document> collection, ReplicaIds ids, List<TicketReplica> replicas) {
    this.collection = collection;
    this.ids = ids;
    this.replicas = replicas;
  }

  Mono<List<WriteResult>> write(List<WriteModel<Document>> models) {
    return Mono.from(collection.bulkWrite(models, UNORDERED))
        .map(result -> resolve(result, Set.<Integer>of()))
        .onErrorResume(
            BulkWriteResults::onlyExistingReplicas,
            partly -> {
              MongoBulkWriteException failure = (MongoBulkWriteException) partly;
              Set<Integer> failed = new HashSet<>();
              failure.getWriteErrors().forEach(error -> failed.add(error.getIndex()));
              return Mono.just(resolve(failure.getWriteResult(), failed));
            })
        .flatMap(Resolution::results);
  }

  private Resolution resolve(BulkWriteResult result, Set<Integer> failedInserts) {
    long updates = replicas.stream().filter(replica -> replica.version() > 0).count();
    return new Resolution(
        failedInserts, updates - result.getMatchedCount(), result.getMatchedCount());
  }

  private static boolean onlyExistingReplicas(Throwable failure) {
    return failure instanceof MongoBulkWriteException bulk
        && bulk.getWriteConcernError() == null
        && bulk.getWriteErrors().stream()
            .map(BulkWriteError::getCode)
            .allMatch(code -> ErrorCategory.fromErrorCode(code) == ErrorCategory.DUPLICATE_KEY);
  }

  /** The versions the given tickets' replicas hold; a ticket without a replica is absent. */
  static Mono<Map<String, Long>> versions(
      MongoCollection<Document> collection, ReplicaIds ids, List<String> ticketIds) {
    List<Object> stored = ticketIds.stream().map(ids::stored).toList();
    return Flux.from(
            collection
                .find(new Document("_id", new Document("$in", stored)))
                .projection(new Document("version", 1)))
        .collectMap(
            document -> document.get("_id").toString(),
            document -> ((Number) document.get("version")).longValue());
  }

  private final class Resolution {

    private final Set<Integer> failedInserts;
    private final long unmatched;
    private long writtenLeft;

    Resolution(Set<Integer> failedInserts, long unmatched, long matched) {
      this.failedInserts = failedInserts;
      this.unmatched = unmatched;
      this.writtenLeft = matched;
    }

    Mono<List<WriteResult>> results() {
      List<String> unsure = new ArrayList<>();
      for (int i = 0; i < replicas.size(); i++) {
        if (replicas.get(i).version() == 0 ? failedInserts.contains(i) : unmatched > 0) {
          unsure.add(replicas.get(i).id());
        }
      }
      if (unsure.isEmpty()) {
        return Mono.just(replicas.stream().map(replica -> WriteResult.applied()).toList());
      }
      return versions(collection, ids, unsure).map(this::results);
    }

    private List<WriteResult> results(Map<String, Long> stored) {
      List<WriteResult> results = new ArrayList<>(replicas.size());
      for (int i = 0; i < replicas.size(); i++) {
        TicketReplica replica = replicas.get(i);
        Long now = stored.get(replica.id());
        if (replica.version() == 0) {
          results.add(
              failedInserts.contains(i) ? WriteResult.notWritten(now) : WriteResult.applied());
        } else if (unmatched == 0 || now != null && now >= replica.version() && writtenLeft-- > 0) {
          results.add(WriteResult.applied());
        } else {
          results.add(WriteResult.notWritten(now));
        }
      }
      return results;
    }
  }
}
