package dev.tickets.projector.projection.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import dev.tickets.infra.SharedInfrastructure;
import dev.tickets.projector.projection.ReplicaWaits;
import dev.tickets.projector.projection.ReplicaWaits.Answer;
import dev.tickets.projector.projection.ReplicaWaits.Reached;
import dev.tickets.projector.projection.TicketReplica;
import dev.tickets.projector.projection.WriteResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import reactor.core.Disposable;

/**
 * Reads waiting on this instance learn of versions another instance wrote to MongoDB through the
 * shared look-up ({@link MongoReplicaStore#findAll}), within a few poll intervals.
 */
class ReplicaWaitsOverMongoIT {

  static final Duration TIMEOUT = Duration.ofSeconds(10);
  static final Duration POLL = Duration.ofMillis(100);

  /** Long enough that only the look-up, never the end of the wait, can answer within the test. */
  static final Duration MAX_WAIT = Duration.ofSeconds(60);

  /** A few poll intervals, with room for a slow machine. */
  static final Duration A_FEW_POLLS = POLL.multipliedBy(30);

  final String database = "waits-" + UUID.randomUUID().toString().substring(0, 8);
  final MongoClient client = MongoClients.create(SharedInfrastructure.mongoUri(database));
  final MongoClient otherClient = MongoClients.create(SharedInfrastructure.mongoUri(database));
  final MongoReplicaStore store =
      new MongoReplicaStore(new ReactiveMongoTemplate(client, database));
  final MongoReplicaStore otherInstance =
      new MongoReplicaStore(new ReactiveMongoTemplate(otherClient, database));
  final ReplicaWaits waits = new ReplicaWaits(store, 10, POLL, new SimpleMeterRegistry());

  Disposable lookingUp = () -> {};

  @AfterEach
  void stop() {
    lookingUp.dispose();
    client.close();
    otherClient.close();
  }

  static TicketReplica replica(String ticketId, long version) {
    return new TicketReplica(ticketId, "show v" + version, new BigDecimal("10.50"), "u-1", version);
  }

  @Test
  void aWaitingReadIsAnsweredWhenAnotherInstanceWritesTheVersion() {
    String id = "6b062639b29a59f77f966519";
    store.prepare().then(store.write(List.of(replica(id, 0)))).block(TIMEOUT);
    lookingUp = waits.lookingUp().subscribe();
    ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    Disposable waiting = waits.await(id, 2, MAX_WAIT).subscribe(answers::add);
    await().atMost(TIMEOUT).until(() -> waits.waiting() == 1);
    // An earlier version answers nobody; the version asked for is written once the read's own
    // second read is long over, so only the shared look-up can tell the read of it.
    assertThat(otherInstance.write(List.of(replica(id, 1))).block(TIMEOUT))
        .containsExactly(WriteResult.applied());
    await().during(POLL.multipliedBy(3)).atMost(TIMEOUT).until(answers::isEmpty);
    assertThat(waits.waiting()).isEqualTo(1);

    assertThat(otherInstance.write(List.of(replica(id, 2))).block(TIMEOUT))
        .containsExactly(WriteResult.applied());
    await()
        .atMost(A_FEW_POLLS)
        .untilAsserted(() -> assertThat(answers).containsExactly(new Reached(replica(id, 2))));
    await().atMost(TIMEOUT).until(() -> waits.waiting() == 0);
    waiting.dispose();
  }

  @Test
  void oneLookUpAnswersTheReadsWaitingOnSeveralTickets() {
    String objectIdTicket = "6b062639b29a59f77f96651a";
    String stringTicket = "t-1";
    String notYetWritten = "6b062639b29a59f77f96651b";
    store
        .prepare()
        .then(store.write(List.of(replica(objectIdTicket, 0), replica(stringTicket, 0))))
        .block(TIMEOUT);
    lookingUp = waits.lookingUp().subscribe();
    ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    List<Disposable> waiting =
        List.of(
            waits.await(objectIdTicket, 1, MAX_WAIT).subscribe(answers::add),
            waits.await(stringTicket, 1, MAX_WAIT).subscribe(answers::add),
            waits.await(notYetWritten, 0, MAX_WAIT).subscribe(answers::add));
    await().atMost(TIMEOUT).until(() -> waits.waiting() == 3);
    // The reads' own second reads are over: only the shared look-up can answer them now.
    await().during(POLL.multipliedBy(2)).atMost(TIMEOUT).until(answers::isEmpty);

    assertThat(
            otherInstance
                .write(
                    List.of(
                        replica(objectIdTicket, 1),
                        replica(stringTicket, 1),
                        replica(notYetWritten, 0)))
                .block(TIMEOUT))
        .containsOnly(WriteResult.applied());

    await()
        .atMost(A_FEW_POLLS)
        .untilAsserted(
            () ->
                assertThat(answers)
                    .containsExactlyInAnyOrder(
                        new Reached(replica(objectIdTicket, 1)),
                        new Reached(replica(stringTicket, 1)),
                        new Reached(replica(notYetWritten, 0))));
    await().atMost(TIMEOUT).until(() -> waits.waiting() == 0);
    waiting.forEach(Disposable::dispose);
  }
}
