package dev.tickets.projector.projection.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import dev.tickets.infra.SharedInfrastructure;
import dev.tickets.projector.projection.TicketReplica;
import dev.tickets.projector.projection.WriteResult;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The conditional writes of the MongoDB adapter, against a MongoDB wire server. */
class MongoReplicaStoreIT {

  static final Duration TIMEOUT = Duration.ofSeconds(10);

  final String database = "store-" + UUID.randomUUID().toString().substring(0, 8);
  final MongoClient client = MongoClients.create(SharedInfrastructure.mongoUri(database));
  final ReactiveMongoTemplate mongo = new ReactiveMongoTemplate(client, database);
  final MongoReplicaStore store = new MongoReplicaStore(mongo);
  final MongoParkedTickets parked = new MongoParkedTickets(mongo);

  @AfterEach
  void closeClient() {
    client.close();
  }

  static TicketReplica replica(String ticketId, long version) {
    return new TicketReplica(ticketId, "show v" + version, new BigDecimal("10.50"), "u-1", version);
  }

  @Test
  void createsVersionZeroOnceAndAdvancesOnlyFromThePreviousVersion() {
    store
        .prepare()
        .then(writeOne(replica("t-1", 0)))
        .concatWith(writeOne(replica("t-1", 0)))
        .concatWith(writeOne(replica("t-1", 2)))
        .concatWith(writeOne(replica("t-1", 1)))
        .concatWith(writeOne(replica("t-1", 1)))
        .as(StepVerifier::create)
        .expectNext(
            WriteResult.applied(),
            WriteResult.notWritten(0L),
            WriteResult.notWritten(0L),
            WriteResult.applied(),
            WriteResult.notWritten(1L))
        .expectComplete()
        .verify(TIMEOUT);

    store
        .find("t-1")
        .as(StepVerifier::create)
        .expectNext(replica("t-1", 1))
        .expectComplete()
        .verify(TIMEOUT);
  }

  @Test
  void writesABatchInOneGoAndTellsForEachWhetherItWasWritten() {
    store
        .prepare()
        .then(
            store.write(
                List.of(
                    replica("t-a", 0), replica("t-b", 0), replica("t-d", 0), replica("t-f", 0))))
        .then(store.write(List.of(replica("t-b", 1))))
        .then(store.write(List.of(replica("t-b", 2))))
        .block(TIMEOUT);

    store
        .write(
            List.of(
                replica("t-a", 1),
                replica("t-b", 2),
                replica("t-c", 0),
                replica("t-d", 0),
                replica("t-e", 5),
                replica("t-f", 2)))
        .as(StepVerifier::create)
        .expectNext(
            List.of(
                WriteResult.applied(),
                WriteResult.notWritten(2L),
                WriteResult.applied(),
                WriteResult.notWritten(0L),
                WriteResult.notWritten(null),
                WriteResult.notWritten(0L)))
        .expectComplete()
        .verify(TIMEOUT);

    assertThat(store.find("t-a").block(TIMEOUT)).isEqualTo(replica("t-a", 1));
    assertThat(store.find("t-c").block(TIMEOUT)).isEqualTo(replica("t-c", 0));
    assertThat(store.find("t-f").block(TIMEOUT)).isEqualTo(replica("t-f", 0));
  }

  @Test
  void aFullyMatchedBatchIsWrittenWithoutReadingBack() {
    store.prepare().then(store.write(List.of(replica("t-a", 0), replica("t-b", 0)))).block(TIMEOUT);

    store
        .write(List.of(replica("t-a", 1), replica("t-b", 1), replica("t-c", 0)))
        .as(StepVerifier::create)
        .expectNext(List.of(WriteResult.applied(), WriteResult.applied(), WriteResult.applied()))
        .expectComplete()
        .verify(TIMEOUT);
    assertThat(store.find("t-b").block(TIMEOUT)).isEqualTo(replica("t-b", 1));
  }

  /** ticket-api's ids are ObjectIds in hex: stored as Spring Data stores them, read back by id. */
  @Test
  void storesObjectIdTicketIdsAsSpringDataDoesAndAdvancesReplicasItWrote() {
    String id = "6b062639b29a59f77f966519";
    String other = "6b062639b29a59f77f96651a";
    mongo
        .insert(new ReplicaDocument(other, "older", new BigDecimal("1.00"), "u-1", 0))
        .then(store.prepare())
        .then(writeOne(replica(id, 0)))
        .block(TIMEOUT);

    store
        .write(List.of(replica(id, 1), replica(other, 1), replica(id + "x", 2)))
        .as(StepVerifier::create)
        .expectNext(
            List.of(WriteResult.applied(), WriteResult.applied(), WriteResult.notWritten(null)))
        .expectComplete()
        .verify(TIMEOUT);

    assertThat(store.find(id).block(TIMEOUT)).isEqualTo(replica(id, 1));
    assertThat(store.find(other).block(TIMEOUT)).isEqualTo(replica(other, 1));
    mongo
        .getCollection("ticket_replicas")
        .flatMap(c -> Mono.from(c.find(new Document("_id", new ObjectId(id))).first()))
        .as(StepVerifier::create)
        .expectNextCount(1)
        .expectComplete()
        .verify(TIMEOUT);
  }

  private Mono<WriteResult> writeOne(TicketReplica replica) {
    return store.write(List.of(replica)).map(results -> results.get(0));
  }

  @Test
  void storesThePriceAsDecimal128AndIndexesIdAndVersion() {
    store
        .prepare()
        .then(writeOne(replica("t-1", 0)))
        .as(StepVerifier::create)
        .expectNext(WriteResult.applied())
        .expectComplete()
        .verify(TIMEOUT);

    mongo
        .getCollection("ticket_replicas")
        .flatMap(c -> Mono.from(c.find(new Document("_id", "t-1")).first()))
        .as(StepVerifier::create)
        .assertNext(
            document ->
                assertThat(document.get("price"))
                    .isEqualTo(new Decimal128(new BigDecimal("10.50"))))
        .expectComplete()
        .verify(TIMEOUT);
    mongo
        .indexOps("ticket_replicas")
        .getIndexInfo()
        .filter(index -> index.isUnique())
        .map(index -> index.getIndexFields().stream().map(f -> f.getKey()).toList())
        .as(StepVerifier::create)
        .expectNext(List.of("_id", "version"))
        .expectComplete()
        .verify(TIMEOUT);
  }

  /**
   * The waiting reads' shared look-up: one {@code _id $in} query answers every replica that exists
   * among the ids, whether stored as an ObjectId (Spring Data's rule for a hex id) or as a string.
   */
  @Test
  void findsAllTheReplicasThatExistAmongTheIdsAskedFor() {
    String written = "6b062639b29a59f77f966519";
    String insertedBySpringData = "6b062639b29a59f77f96651a";
    String insertedRaw = "6b062639b29a59f77f96651b";
    String missing = "6b062639b29a59f77f96651c";
    mongo
        .insert(
            new ReplicaDocument(insertedBySpringData, "show v0", new BigDecimal("10.50"), "u-1", 0))
        .then(
            mongo
                .getCollection("ticket_replicas")
                .flatMap(
                    c ->
                        Mono.from(
                            c.insertOne(
                                rawDocument(new ObjectId(insertedRaw), replica(insertedRaw, 3))))))
        .then(store.prepare())
        .then(store.write(List.of(replica(written, 0), replica("t-a", 0), replica("t-b", 0))))
        .then(store.write(List.of(replica(written, 1), replica("t-b", 1))))
        .block(TIMEOUT);

    assertThat(
            store
                .findAll(
                    List.of(
                        written,
                        insertedBySpringData,
                        insertedRaw,
                        missing,
                        "t-a",
                        "t-b",
                        "t-missing",
                        written + "x"))
                .collectList()
                .block(TIMEOUT))
        .containsExactlyInAnyOrder(
            replica(written, 1),
            replica(insertedBySpringData, 0),
            replica(insertedRaw, 3),
            replica("t-a", 0),
            replica("t-b", 1));
    assertThat(store.findAll(List.of(missing, "t-missing")).collectList().block(TIMEOUT)).isEmpty();
    assertThat(store.findAll(List.of()).collectList().block(TIMEOUT)).isEmpty();
  }

  /**
   * Another projector instance writes the replicas with its own MongoDB client; this one's look-up
   * sees the versions it wrote, through a second store or straight through the driver.
   */
  @Test
  void findAllSeesTheVersionsAnotherInstanceWrote() {
    String id = "6b062639b29a59f77f966519";
    store.prepare().then(store.write(List.of(replica(id, 0), replica("t-1", 0)))).block(TIMEOUT);
    assertThat(store.findAll(List.of(id, "t-1")).collectList().block(TIMEOUT))
        .containsExactlyInAnyOrder(replica(id, 0), replica("t-1", 0));

    MongoClient otherClient = MongoClients.create(SharedInfrastructure.mongoUri(database));
    try {
      MongoReplicaStore otherInstance =
          new MongoReplicaStore(new ReactiveMongoTemplate(otherClient, database));
      assertThat(
              otherInstance
                  .write(List.of(replica(id, 1), replica("t-1", 1), replica("t-2", 0)))
                  .block(TIMEOUT))
          .containsOnly(WriteResult.applied());

      assertThat(store.findAll(List.of(id, "t-1", "t-2")).collectList().block(TIMEOUT))
          .containsExactlyInAnyOrder(replica(id, 1), replica("t-1", 1), replica("t-2", 0));

      Mono.from(
              otherClient
                  .getDatabase(database)
                  .getCollection("ticket_replicas")
                  .updateOne(
                      new Document("_id", new ObjectId(id)).append("version", 1L),
                      new Document(
                          "$set", MongoReplicaStore.fields(new Document(), replica(id, 2)))))
          .block(TIMEOUT);
      Mono.from(
              otherClient
                  .getDatabase(database)
                  .getCollection("ticket_replicas")
                  .insertOne(rawDocument("t-3", replica("t-3", 0))))
          .block(TIMEOUT);

      assertThat(store.findAll(List.of(id, "t-1", "t-2", "t-3")).collectList().block(TIMEOUT))
          .containsExactlyInAnyOrder(
              replica(id, 2), replica("t-1", 1), replica("t-2", 0), replica("t-3", 0));
    } finally {
      otherClient.close();
    }
  }

  /** A replica as the store writes it, with {@code _id} as given. */
  static Document rawDocument(Object id, TicketReplica replica) {
    return MongoReplicaStore.fields(new Document("_id", id), replica);
  }

  @Test
  void keepsTheHighestParkedVersionAndReleasesItOnceReached() {
    parked
        .markParked("t-1", 3)
        .then(parked.markParked("t-1", 2))
        .then(parked.parkedVersion("t-1"))
        .concatWith(parked.release("t-1", 2).then(parked.parkedVersion("t-1")))
        .concatWith(parked.release("t-1", 3).then(parked.parkedVersion("t-1")))
        .as(StepVerifier::create)
        .expectNext(3L, 3L)
        .expectComplete()
        .verify(TIMEOUT);
  }
}
