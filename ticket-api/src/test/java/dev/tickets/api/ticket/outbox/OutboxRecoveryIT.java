package dev.tickets.api.ticket.outbox;

import static dev.tickets.testkit.TicketEvents.firstVersions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import dev.tickets.api.TicketApiInstance;
import dev.tickets.api.ticket.Ticket;
import dev.tickets.api.ticket.TicketChanges;
import dev.tickets.api.ticket.TicketService;
import dev.tickets.events.TicketEvent;
import dev.tickets.events.TicketEventCodec;
import dev.tickets.infra.EmbeddedKafka;
import dev.tickets.infra.KafkaTestClient;
import dev.tickets.infra.SharedInfrastructure;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/**
 * Nothing a write recorded is lost when Kafka is away or the service dies before publishing. Uses a
 * broker of its own, so that stopping it disturbs no other test.
 */
class OutboxRecoveryIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final EmbeddedKafka kafka = EmbeddedKafka.start();

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @Test
  void publishesWritesMadeWhileTheBrokerIsDownOnceItReturns() {
    String topic = "outage-" + UUID.randomUUID();
    try (ConfigurableApplicationContext app =
        startTicketApi("outbox-outage", topic, "--ticket-api.outbox.degraded-pending-events=1")) {
      TicketService tickets = app.getBean(TicketService.class);
      WebTestClient http =
          WebTestClient.bindToServer()
              .baseUrl("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"))
              // The outbox's health is shown to the operator only.
              .defaultHeaders(
                  headers -> headers.setBasicAuth("operator", TicketApiInstance.OPERATOR_PASSWORD))
              .build();
      PendingEvents pending = app.getBean(PendingEvents.class);
      kafka.stop();

      Ticket created =
          tickets.create(new TicketChanges("Opera", new BigDecimal("50")), "alice").block(TIMEOUT);
      Ticket updated =
          tickets
              .update(created.id(), 0, new TicketChanges("Opera", new BigDecimal("55")), "alice")
              .block(TIMEOUT);
      assertThat(updated.version()).isEqualTo(1);
      assertThat(
              pending
                  .of(created.id())
                  .map(PendingPublication::version)
                  .collectList()
                  .block(TIMEOUT))
          .containsExactly(0L, 1L);
      // The writes succeeded; the health says the outbox is behind, still with 200.
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  http.get()
                      .uri("/actuator/health")
                      .exchange()
                      .expectStatus()
                      .isOk()
                      .expectBody()
                      .jsonPath("$.status")
                      .isEqualTo("DEGRADED")
                      .jsonPath("$.components.outbox.status")
                      .isEqualTo("DEGRADED"));

      kafka.restart();

      try (KafkaTestClient reader = new KafkaTestClient(kafka.bootstrapServers())) {
        await()
            .atMost(TIMEOUT)
            .untilAsserted(
                () ->
                    assertThat(firstVersions(reader.readToEnd(topic), created.id()))
                        .containsExactly(0L, 1L));
      }
      await().atMost(TIMEOUT).until(() -> pending.of(created.id()).count().block(TIMEOUT) == 0);
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  http.get()
                      .uri("/actuator/health/outbox")
                      .exchange()
                      .expectBody()
                      .jsonPath("$.status")
                      .isEqualTo("UP"));
    }
  }

  @Test
  void publishesInOrderWhatAnInstanceThatDidNotPublishLeftPending() {
    String topic = "unpublished-" + UUID.randomUUID();
    String database = "outbox-unpublished-" + UUID.randomUUID().toString().substring(0, 8);
    Ticket created;
    try (ConfigurableApplicationContext silent =
        startTicketApi(database, topic, "--ticket-api.outbox.relay-enabled=false")) {
      TicketService tickets = silent.getBean(TicketService.class);
      created = tickets.create(new TicketChanges("Circus", BigDecimal.ONE), "carol").block(TIMEOUT);
      for (long version = 0; version < 3; version++) {
        tickets
            .update(
                created.id(),
                version,
                new TicketChanges("Circus", BigDecimal.valueOf(version)),
                "carol")
            .block(TIMEOUT);
      }
    }

    try (ConfigurableApplicationContext app = startTicketApi(database, topic);
        KafkaTestClient reader = new KafkaTestClient(kafka.bootstrapServers())) {
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(firstVersions(reader.readToEnd(topic), created.id()))
                      .containsExactly(0L, 1L, 2L, 3L));
      PendingEvents pending = app.getBean(PendingEvents.class);
      await().atMost(TIMEOUT).until(() -> pending.backlog().block(TIMEOUT).count() == 0);
    }
  }

  @Test
  void publishesEventsThatACrashLeftPendingWhenAFreshInstanceStarts() {
    String topic = "crash-" + UUID.randomUUID();
    String database = "outbox-crash-" + UUID.randomUUID().toString().substring(0, 8);
    String ticketId = leavePendingEventsAsACrashWould(database);

    try (ConfigurableApplicationContext app = startTicketApi(database, topic);
        KafkaTestClient reader = new KafkaTestClient(kafka.bootstrapServers())) {
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(firstVersions(reader.readToEnd(topic), ticketId))
                      .containsExactly(0L, 1L));
      PendingEvents pending = app.getBean(PendingEvents.class);
      await().atMost(TIMEOUT).until(() -> pending.of(ticketId).count().block(TIMEOUT) == 0);
    }
  }

  /**
   * A ticket at version 1 whose two writes were persisted, each with its sweep time, by an instance
   * that crashed before it published either.
   */
  private static String leavePendingEventsAsACrashWould(String database) {
    ObjectId id = new ObjectId();
    TicketEventCodec codec = new TicketEventCodec();
    Instant then = Instant.now().minusSeconds(60);
    List<Document> pending =
        List.of(
            pendingEntry(
                codec,
                TicketEvent.of(id.toHexString(), 0, "Ballet", new BigDecimal("10"), "bob", then)),
            pendingEntry(
                codec,
                TicketEvent.of(id.toHexString(), 1, "Ballet", new BigDecimal("12"), "bob", then)));
    Document ticket =
        new Document("_id", id)
            .append("title", "Ballet")
            .append("price", new Decimal128(new BigDecimal("12")))
            .append("userId", "bob")
            .append("version", 1L)
            .append("pending", pending)
            .append("sweepAt", Date.from(then));
    try (MongoClient client = MongoClients.create(SharedInfrastructure.mongoUri(database))) {
      Mono.from(client.getDatabase(database).getCollection("tickets").insertOne(ticket))
          .block(TIMEOUT);
    }
    return id.toHexString();
  }

  private static Document pendingEntry(TicketEventCodec codec, TicketEvent event) {
    return new Document("version", event.version())
        .append("payload", codec.encodeToString(event))
        .append("createdAt", Date.from(event.occurredAt()));
  }

  private static ConfigurableApplicationContext startTicketApi(
      String database, String topic, String... settings) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "--ticket-api.kafka.delivery-timeout=4s",
                "--ticket-api.outbox.sweep-interval=1s",
                "--ticket-api.outbox.sweep-grace=0s",
                "--ticket-api.outbox.sweep-lease=5s"));
    all.addAll(List.of(settings));
    return TicketApiInstance.start(
        SharedInfrastructure.mongoUri(database),
        kafka.bootstrapServers(),
        topic,
        all.toArray(String[]::new));
  }
}
