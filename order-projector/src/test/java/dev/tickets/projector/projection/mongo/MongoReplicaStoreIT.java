package dev.tickets.projector.projection.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.UUID;

import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;

import dev.tickets.infra.SharedInfrastructure;
import dev.tickets.projector.projection.TicketReplica;
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

  static TicketReplica replica(long version) {
    return new TicketReplica("t-1", "show v" + version, new BigDecimal("10.50"), "u-1", version);
  }

  @Test
  void createsVersionZeroOnceAndAdvancesOnlyFromThePreviousVersion() {
    store.prepare()
        .then(store.create(replica(0)))
        .concatWith(store.create(replica(0)))
        .concatWith(store.advance(replica(2)))
        .concatWith(store.advance(replica(1)))
        .concatWith(store.advance(replica(1)))
        .as(StepVerifier::create)
        .expectNext(true, false, false, true, false)
        .expectComplete()
        .verify(TIMEOUT);

    store.find("t-1").as(StepVerifier::create).expectNext(replica(1)).expectComplete()
        .verify(TIMEOUT);
  }

  @Test
  void storesThePriceAsDecimal128AndIndexesIdAndVersion() {
    store.prepare().then(store.create(replica(0))).as(StepVerifier::create)
        .expectNext(true).expectComplete().verify(TIMEOUT);

    mongo.getCollection("ticket_replicas").flatMap(c -> reactor.core.publisher.Mono.from(
            c.find(new Document("_id", "t-1")).first()))
        .as(StepVerifier::create)
        .assertNext(document -> assertThat(document.get("price"))
            .isEqualTo(new Decimal128(new BigDecimal("10.50"))))
        .expectComplete().verify(TIMEOUT);
    mongo.indexOps("ticket_replicas").getIndexInfo().filter(index -> index.isUnique())
        .map(index -> index.getIndexFields().stream().map(f -> f.getKey()).toList())
        .as(StepVerifier::create)
        .expectNext(java.util.List.of("_id", "version"))
        .expectComplete().verify(TIMEOUT);
  }

  @Test
  void keepsTheHighestParkedVersionAndReleasesItOnceReached() {
    parked.markParked("t-1", 3)
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
