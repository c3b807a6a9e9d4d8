package dev.tickets.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import com.mongodb.client.result.UpdateResult;
import dev.tickets.consistency.ReplicaWriteRecorder.Transition;
import dev.tickets.infra.EmbeddedMongo;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder in front of a real wire server (H2 file): replica writes as the driver sends them,
 * the same way order-projector writes them (an insert at version 0, then updates matching {@code
 * {_id, version: v - 1}}).
 */
class ReplicaWriteRecorderTests {

  private static final String DATABASE = "orders";
  private static final String REPLICAS = "ticket_replicas";

  @TempDir Path data;

  private final ReplicaWriteRecorder recorder = new ReplicaWriteRecorder(DATABASE, REPLICAS);
  private EmbeddedMongo mongo;
  private MongoClient client;

  @BeforeEach
  void startMongo() {
    mongo = EmbeddedMongo.onDisk(data.resolve("mongo.mv"), 0, recorder::observe);
    client = MongoClients.create(mongo.connectionString());
  }

  @AfterEach
  void stopMongo() {
    client.close();
    mongo.close();
  }

  @Test
  void recordsInsertAndConditionalUpdateAsTransitions() {
    ObjectId id = new ObjectId();

    replicas().insertOne(replica(id, 0));
    UpdateResult updated = replicas().updateOne(at(id, 0), toVersion(1));

    assertThat(updated.getModifiedCount()).isEqualTo(1);
    assertThat(transitionsOf(id))
        .containsExactly(
            new Transition(id.toHexString(), null, 0, "ticket"),
            new Transition(id.toHexString(), 0L, 1, "ticket"));
  }

  @Test
  void recordsNothingForUpdateWhoseFilterMatchesNothing() {
    ObjectId id = new ObjectId();
    replicas().insertOne(replica(id, 0));

    ObjectId absent = new ObjectId();

    UpdateResult stale = replicas().updateOne(at(id, 5), toVersion(6));
    UpdateResult missing = replicas().updateOne(at(absent, 0), toVersion(1));

    assertThat(stale.getMatchedCount()).isZero();
    assertThat(missing.getMatchedCount()).isZero();
    assertThat(transitionsOf(id))
        .containsExactly(new Transition(id.toHexString(), null, 0, "ticket"));
    assertThat(transitionsOf(absent)).isEmpty();
  }

  @Test
  void recordsJumpOverAVersionAsTransitionThatIsNotNext() {
    ObjectId id = new ObjectId();
    replicas().insertOne(replica(id, 0));
    replicas().updateOne(at(id, 0), toVersion(1));

    replicas().updateOne(at(id, 1), toVersion(3));

    assertThat(transitionsOf(id))
        .last()
        .satisfies(
            jump -> {
              assertThat(jump).isEqualTo(new Transition(id.toHexString(), 1L, 3, "ticket"));
              assertThat(jump.isNextVersion()).isFalse();
            });
    assertThat(transitionsOf(id)).filteredOn(Transition::isNextVersion).hasSize(2);
  }

  @Test
  void recordsFindAndModifyOfReplica() {
    ObjectId id = new ObjectId();
    replicas().insertOne(replica(id, 0));

    replicas().findOneAndUpdate(at(id, 0), toVersion(1));

    assertThat(transitionsOf(id))
        .containsExactly(
            new Transition(id.toHexString(), null, 0, "ticket"),
            new Transition(id.toHexString(), 0L, 1, "ticket"));
  }

  @Test
  void recordsEachUpdateOfUnorderedBulkWrite() {
    List<ObjectId> ids = Stream.generate(ObjectId::new).limit(3).toList();
    replicas().insertMany(ids.stream().map(id -> replica(id, 0)).toList());
    List<WriteModel<Document>> updates =
        ids.stream()
            .<WriteModel<Document>>map(id -> new UpdateOneModel<>(at(id, 0), toVersion(1)))
            .toList();

    replicas().bulkWrite(updates, new BulkWriteOptions().ordered(false));

    for (ObjectId id : ids) {
      assertThat(transitionsOf(id))
          .as("transitions of %s", id)
          .containsExactly(
              new Transition(id.toHexString(), null, 0, "ticket"),
              new Transition(id.toHexString(), 0L, 1, "ticket"));
    }
  }

  @Test
  void ignoresWritesToOtherCollectionsAndDatabases() {
    ObjectId id = new ObjectId();
    List<MongoCollection<Document>> elsewhere =
        List.of(
            client.getDatabase(DATABASE).getCollection("tickets"),
            client.getDatabase("tickets").getCollection(REPLICAS));

    for (MongoCollection<Document> collection : elsewhere) {
      collection.insertOne(replica(id, 0));
      assertThat(collection.updateOne(at(id, 0), toVersion(1)).getModifiedCount()).isEqualTo(1);
    }

    assertThat(transitionsOf(id)).isEmpty();
  }

  @Test
  void keepsRecordingAfterRestart() {
    ObjectId id = new ObjectId();
    replicas().insertOne(replica(id, 0));
    client.close();

    mongo.stop();
    mongo.restart();
    client = MongoClients.create(mongo.connectionString());
    UpdateResult updated = replicas().updateOne(at(id, 0), toVersion(1));

    assertThat(updated.getModifiedCount()).isEqualTo(1);
    assertThat(transitionsOf(id))
        .containsExactly(
            new Transition(id.toHexString(), null, 0, "ticket"),
            new Transition(id.toHexString(), 0L, 1, "ticket"));
  }

  private MongoCollection<Document> replicas() {
    return client.getDatabase(DATABASE).getCollection(REPLICAS);
  }

  private List<Transition> transitionsOf(ObjectId id) {
    return recorder.transitionsOf(Set.of(id.toHexString()));
  }

  private static Document replica(ObjectId id, long version) {
    return new Document("_id", id).append("title", "ticket").append("version", version);
  }

  /** The filter order-projector uses: the plain document {@code {_id, version}}. */
  private static Document at(ObjectId id, long version) {
    return new Document("_id", id).append("version", version);
  }

  private static Document toVersion(long version) {
    return new Document("$set", new Document("version", version));
  }
}
