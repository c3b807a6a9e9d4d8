package dev.tickets.projector;

import static org.awaitility.Awaitility.await;

import dev.tickets.events.TicketEvent;
import dev.tickets.projector.RunningProjector.Topic;
import dev.tickets.testkit.TestInfrastructure;
import dev.tickets.testkit.TicketEvents;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The read API and the actuator endpoints over real HTTP, fed through Kafka. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class ReadApiIT {

  static final Topic TOPIC = new Topic("read-api");
  private static final String OPERATOR_PASSWORD = "s3cret-" + UUID.randomUUID();

  @Autowired WebTestClient http;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) throws Exception {
    TOPIC.create(1);
    TestInfrastructure.orderProjector(registry, TOPIC.name, TOPIC.name);
    registry.add("order-projector.operator.password", () -> OPERATOR_PASSWORD);
  }

  @AfterAll
  static void closeKafka() {
    TOPIC.close();
  }

  @Test
  void servesTheReplicaWithItsVersionAsETag() throws Exception {
    TicketEvent created = TicketEvents.created("t-api", "opera", new BigDecimal("10.00"), "u-1");
    TOPIC.send(0, created);
    TOPIC.send(0, TicketEvents.next(created, "opera", new BigDecimal("12.50")));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                http.get()
                    .uri("/api/tickets/{id}", "t-api")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .valueEquals("ETag", "\"1\""));
    http.get()
        .uri("/api/tickets/{id}", "t-api")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
        .expectBody()
        .json(
            """
            {"id": "t-api", "title": "opera", "price": 12.50, "userId": "u-1", "version": 1}
            """,
            org.springframework.test.json.JsonCompareMode.STRICT);
  }

  @Test
  void answers404ProblemForAnUnknownTicket() {
    http.get()
        .uri("/api/tickets/{id}", "nope")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo(404)
        .jsonPath("$.type")
        .isEqualTo("urn:problem-type:tickets:ticket-not-found")
        .jsonPath("$.title")
        .isEqualTo("Ticket not found");
  }

  @Test
  void reportsProjectorAndMongoHealthAndPublishesMetrics() {
    asOperator(http.get().uri("/actuator/health"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("UP")
        .jsonPath("$.components.projector.status")
        .isEqualTo("UP")
        .jsonPath("$.components.mongo.status")
        .isEqualTo("UP")
        // hello on the service's own database: no list of the databases the user may see
        .jsonPath("$.components.mongo.details.maxWireVersion")
        .isNumber()
        .jsonPath("$.components.mongo.details.databases")
        .doesNotExist();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                http.get()
                    .uri("/actuator/prometheus")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .value(
                        body ->
                            org.assertj.core.api.Assertions.assertThat(body)
                                .contains(
                                    "projector_records_total",
                                    "projector_processing_seconds",
                                    "kafka_consumer_fetch_manager_records_lag_max")));
  }

  @Test
  void servesProbeGroupsAndTheOpenApiDocument() {
    asOperator(http.get().uri("/actuator/health/readiness"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.components.mongo.status")
        .isEqualTo("UP");
    asOperator(http.get().uri("/actuator/health/liveness"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.components.projector.status")
        .isEqualTo("UP");
    http.mutate()
        .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(1024 * 1024))
        .build()
        .get()
        .uri("/v3/api-docs")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.paths['/api/tickets/{id}'].get")
        .exists();
  }

  /** Health's components and details are the operator's. */
  private static WebTestClient.RequestHeadersSpec<?> asOperator(
      WebTestClient.RequestHeadersSpec<?> spec) {
    return spec.headers(headers -> headers.setBasicAuth("operator", OPERATOR_PASSWORD));
  }
}
