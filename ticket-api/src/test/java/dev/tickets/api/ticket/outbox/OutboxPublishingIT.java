package dev.tickets.api.ticket.outbox;

import static dev.tickets.testkit.TicketEvents.firstVersions;
import static dev.tickets.testkit.TicketEvents.ofTicket;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tickets.api.TicketApiIntegrationTest;
import dev.tickets.api.ticket.Ticket;
import dev.tickets.api.ticket.TicketChanges;
import dev.tickets.api.ticket.TicketService;
import dev.tickets.events.TicketCreated;
import dev.tickets.events.TicketEvent;
import dev.tickets.events.TicketUpdated;
import dev.tickets.infra.KafkaTestClient;
import dev.tickets.infra.SharedInfrastructure;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.BasicQuery;

/**
 * Every successful write reaches the real broker exactly as one event, in version order per ticket.
 */
@TicketApiIntegrationTest
class OutboxPublishingIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Value("${ticket-api.kafka.topic}")
  String topic;

  @Autowired TicketService tickets;

  @Autowired PendingEvents pending;

  @Autowired OutboxRelay relay;

  @Autowired ReactiveMongoTemplate mongo;

  private final KafkaTestClient kafka =
      new KafkaTestClient(SharedInfrastructure.kafkaBootstrapServers());

  @AfterEach
  void closeKafka() {
    kafka.close();
  }

  @Test
  void publishesExactlyOneEventPerWriteWithTypeKeyAndVersion() {
    Ticket created =
        tickets
            .create(new TicketChanges("Concert", new BigDecimal("20.00")), "alice")
            .block(TIMEOUT);
    tickets
        .update(created.id(), 0, new TicketChanges("Concert", new BigDecimal("25.00")), "alice")
        .block(TIMEOUT);
    tickets
        .update(
            created.id(), 1, new TicketChanges("Concert (front)", new BigDecimal("30")), "alice")
        .block(TIMEOUT);

    await().atMost(TIMEOUT).until(() -> ofTicket(kafka.readToEnd(topic), created.id()).size() >= 3);
    await().atMost(TIMEOUT).until(() -> pending.of(created.id()).count().block(TIMEOUT) == 0);

    List<TicketEvent> events = ofTicket(kafka.readToEnd(topic), created.id());
    assertThat(events).extracting(TicketEvent::version).containsExactly(0L, 1L, 2L);
    // Nothing pending: the ticket left the sweeper's index.
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(
                        mongo
                            .findOne(
                                new BasicQuery(new Document("_id", new ObjectId(created.id()))),
                                Document.class,
                                "tickets")
                            .block(TIMEOUT))
                    .doesNotContainKeys("sweepAt", "sweepClaim", "sweepLeaseEnd"));
    assertThat(events)
        .extracting(event -> event.getClass().getSimpleName())
        .containsExactly(
            TicketCreated.class.getSimpleName(),
            TicketUpdated.class.getSimpleName(),
            TicketUpdated.class.getSimpleName());
    assertThat(events.get(2).title()).isEqualTo("Concert (front)");
    assertThat(events.get(2).price()).isEqualByComparingTo("30");
    assertThat(events).allSatisfy(event -> assertThat(event.ticketId()).isEqualTo(created.id()));
  }

  @Test
  void publishesWritesMadeWhileTheRelayWasStoppedOnceItRunsAgain() {
    relay.stop();
    Ticket created;
    try {
      created = tickets.create(new TicketChanges("Paused", BigDecimal.TEN), "alice").block(TIMEOUT);
      tickets
          .update(created.id(), 0, new TicketChanges("Paused", BigDecimal.ONE), "alice")
          .block(TIMEOUT);
    } finally {
      relay.start();
    }

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(firstVersions(kafka.readToEnd(topic), created.id()))
                    .containsExactly(0L, 1L));
  }

  @Test
  void keepsEachTicketsVersionsInOrderWhenSixteenClientsHammerEightTickets() {
    List<String> ids = RacingClients.createTickets(8, i -> tickets);
    RacingClients racing = new RacingClients(ids);

    racing.race(
        16,
        25,
        (client, round) ->
            racing.writeOnce(tickets, ids.get((client + round) % ids.size()), client));

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              List<ConsumerRecord<String, byte[]>> records = kafka.readToEnd(topic);
              ids.forEach(
                  id -> assertThat(firstVersions(records, id)).containsAll(racing.writtenOf(id)));
            });
    List<ConsumerRecord<String, byte[]>> log = kafka.readToEnd(topic);
    for (String id : ids) {
      List<Long> firsts = firstVersions(log, id);
      assertThat(firsts).isSorted().doesNotHaveDuplicates();
      assertThat(firsts).containsExactlyInAnyOrderElementsOf(racing.writtenOf(id));
    }
  }
}
