package dev.tickets.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import dev.tickets.events.TicketEvent;
import dev.tickets.events.TicketEventCodec;
import dev.tickets.projector.RunningProjector.Topic;
import dev.tickets.testkit.OpenApiDocument;
import dev.tickets.testkit.TestInfrastructure;
import dev.tickets.testkit.TicketEvents;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The read API and the actuator endpoints over real HTTP, fed through Kafka. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class ReadApiIT {

  static final Topic TOPIC = new Topic("read-api");
  static final String OPERA = "65a000000000000000000001";
  static final TicketEventCodec CODEC = new TicketEventCodec();
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
    TicketEvent created = TicketEvents.created(OPERA, "opera", new BigDecimal("10.00"), "u-1");
    TOPIC.send(0, created);
    TOPIC.send(0, TicketEvents.next(created, "opera", new BigDecimal("12.50")));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                http.get()
                    .uri("/api/tickets/{id}", OPERA)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .valueEquals("ETag", "\"1\""));
    http.get()
        .uri("/api/tickets/{id}", OPERA)
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
        .expectBody()
        .json(
            """
            {"id": "%s", "title": "opera", "price": 12.50, "userId": "u-1", "version": 1}
            """
                .formatted(OPERA),
            org.springframework.test.json.JsonCompareMode.STRICT);
  }

  @Test
  void answers404ProblemForAnUnknownTicket() {
    conforming(
            http.get()
                .uri("/api/tickets/{id}", "65a0000000000000000000ff")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody())
        .jsonPath("$.status")
        .isEqualTo(404)
        .jsonPath("$.type")
        .isEqualTo("urn:problem-type:tickets:ticket-not-found")
        .jsonPath("$.title")
        .isEqualTo("Ticket not found");
  }

  /** As ticket-api answers it: the rule, type, title and detail are shared-model's TicketIds. */
  @ParameterizedTest
  @ValueSource(strings = {"nope", "6B062639B29A59F77F966519", "6b062639b29a59f77f96651"})
  void answers400ProblemForAMalformedId(String id) {
    conforming(
            http.get()
                .uri("/api/tickets/{id}", id)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody())
        .jsonPath("$.status")
        .isEqualTo(400)
        .jsonPath("$.type")
        .isEqualTo("urn:problem-type:tickets:malformed-ticket-id")
        .jsonPath("$.title")
        .isEqualTo("Malformed ticket id")
        .jsonPath("$.detail")
        .isEqualTo("Ticket id must be 24 lower-case hex digits, was '" + id + "'")
        .jsonPath("$.instance")
        .isEqualTo("/api/tickets/" + id);
  }

  /** An event may carry a price in exponent form (2E+1): the read API answers it plain. */
  @Test
  void answersPricesAsPlainDecimals() {
    String id = "65a000000000000000000020";
    String event =
        CODEC
            .encodeToString(TicketEvents.created(id, "ballet", new BigDecimal("20"), "u-2"))
            .replace("\"price\":20,", "\"price\":2E+1,");
    assertThat(event).contains("\"price\":2E+1,");
    TOPIC.send(0, id, event.getBytes(StandardCharsets.UTF_8));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        new String(
                            conforming(
                                    http.get()
                                        .uri("/api/tickets/{id}", id)
                                        .exchange()
                                        .expectStatus()
                                        .isOk()
                                        .expectBody())
                                .returnResult()
                                .getResponseBody(),
                            StandardCharsets.UTF_8))
                    .contains("\"price\":20,"));
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
    assertThat(document()).contains("\"/api/tickets/{id}\"");
  }

  @Test
  void documentsTheReadFullyInTheOpenApiVersionBothServicesServe() {
    JsonNode document = JsonMapper.builder().build().readTree(document());
    assertThat(document.path("openapi").asString()).startsWith(OpenApiDocument.SERVED_VERSION);
    JsonNode read = document.at("/paths/~1api~1tickets~1{id}/get");
    assertThat(read.path("security").toString()).isEqualTo("[]");
    assertThat(read.path("responses").propertyNames())
        .containsExactlyInAnyOrder("200", "400", "404", "503", "504");
    assertThat(read.path("parameters").findValuesAsString("name"))
        .containsExactly("id", "minVersion", "Prefer");
    JsonNode ok = read.at("/responses/200");
    assertThat(ok.path("headers").propertyNames()).containsExactly("ETag", "Preference-Applied");
    assertThat(read.at("/responses/504/headers").propertyNames())
        .containsExactly("Retry-After", "Preference-Applied");
    assertThat(read.at("/responses/504/content/application~1problem+json/schema/$ref").asString())
        .isEqualTo("#/components/schemas/ReplicaBehindProblem");
    assertThat(ok.at("/content/application~1json/schema/$ref").asString())
        .isEqualTo("#/components/schemas/TicketReplica");
    JsonNode example = document.at("/components/examples/TicketReplica/value");
    assertThat(example.path("title").asString()).isEqualTo("Concert, row 12 seat 7");
    assertThat(example.path("price").decimalValue()).isEqualByComparingTo("49.90");
    for (String status : new String[] {"400", "404", "503", "504"}) {
      assertThat(read.at("/responses/" + status + "/content").propertyNames())
          .as(status)
          .containsExactly(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    }
    assertThat(read.at("/responses/400/description").asString())
        .contains("malformed-ticket-id", "24 lower-case hex digits");
    assertThat(read.at("/responses/503/description").asString())
        .contains("too-many-waiting-reads", "storage-unavailable");
    assertThat(read.path("description").asString())
        .as("the configured order-projector.read.max-wait")
        .contains("(5000 ms here)");
    assertThat(read.at("/parameters/1/schema/maximum").asLong()).isEqualTo(Long.MAX_VALUE);
    assertThat(document.at("/components/schemas").propertyNames())
        .as("no schema left over from the controller's own parameters")
        .containsExactlyInAnyOrder("TicketReplica", "Problem", "ReplicaBehindProblem");
    assertThat(read.at("/parameters/0/schema/pattern").asString()).isEqualTo("^[0-9a-f]{24}$");
  }

  private String document() {
    return OpenApiDocument.fetch(http);
  }

  /** Fails unless the answer conforms to the served OpenAPI document (status, headers, body). */
  private WebTestClient.BodyContentSpec conforming(WebTestClient.BodyContentSpec response) {
    EntityExchangeResult<byte[]> result = response.returnResult();
    SimpleResponse.Builder actual = SimpleResponse.Builder.status(result.getStatus().value());
    result.getResponseHeaders().forEach(actual::withHeader);
    if (result.getResponseBody() != null) {
      actual.withBody(new String(result.getResponseBody(), StandardCharsets.UTF_8));
    }
    ValidationReport report =
        OpenApiInteractionValidator.createForInlineApiSpecification(document())
            .build()
            .validateResponse(result.getUrl().getRawPath(), Request.Method.GET, actual.build());
    assertThat(report.getMessages())
        .as("%s conforms to /v3/api-docs", result.getUrl().getRawPath())
        .isEmpty();
    return response;
  }

  /** Health's components and details are the operator's. */
  private static WebTestClient.RequestHeadersSpec<?> asOperator(
      WebTestClient.RequestHeadersSpec<?> spec) {
    return spec.headers(headers -> headers.setBasicAuth("operator", OPERATOR_PASSWORD));
  }
}
