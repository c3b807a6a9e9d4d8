package dev.tickets.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import dev.tickets.api.TicketApiIntegrationTest.OpenApiConformance;
import dev.tickets.api.ticket.idempotency.IdempotencyKeyReused;
import dev.tickets.api.ticket.idempotency.IdempotentRequests;
import dev.tickets.events.TicketIds;
import dev.tickets.infra.Directories;
import dev.tickets.testkit.OpenApiDocument;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The served OpenAPI document ({@code /v3/api-docs}) states the whole HTTP contract: every status
 * of every ticket operation, problem+json errors, headers, the bearer scheme. Writes it to {@code
 * target/openapi.json} for {@code .ci/lint-openapi}. Also proves that the conformance check every
 * integration test runs ({@link TicketApiIntegrationTest.OpenApiConformance}) can fail.
 */
@TicketApiIntegrationTest
class OpenApiDocumentIT {

  private static final String TICKETS = "/api/tickets";
  private static final String TICKET = "/api/tickets/{id}";
  private static final String ID = "6b062639b29a59f77f966519";
  private static final String PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

  @Autowired WebTestClient http;

  @LocalServerPort int port;

  private JsonNode document;

  @BeforeEach
  void fetchAndKeep() throws IOException {
    String served = OpenApiDocument.fetch(http);
    JsonMapper json = JsonMapper.builder().build();
    document = json.readTree(served);
    Directories.writeToTarget(
        "openapi.json", json.writerWithDefaultPrettyPrinter().writeValueAsString(document));
  }

  @Test
  void isTheOpenApiVersionBothServicesServe() {
    assertThat(document.path("openapi").asString()).startsWith(OpenApiDocument.SERVED_VERSION);
  }

  @Test
  void statesTheIdempotencyRulesAsTheCodeDoes() {
    assertThat(parameter(TICKETS, "post", "Idempotency-Key").path("description").asString())
        .contains(IdempotentRequests.RETRY_RULE)
        .doesNotContain("a refused or failed request releases its key");
    assertThat(parameter(TICKET, "put", "Idempotency-Key").path("description").asString())
        .contains(IdempotentRequests.RETRY_RULE);
    for (String[] write : new String[][] {{TICKETS, "post"}, {TICKET, "put"}}) {
      assertThat(response(write[0], write[1], "422").path("description").asString())
          .isEqualTo("`idempotency-key-reused`: " + IdempotencyKeyReused.MEANING);
    }
  }

  @Test
  void aMalformedIdIsTheSharedRule() {
    assertThat(parameter(TICKET, "get", "id").at("/schema/pattern").asString())
        .isEqualTo("^" + TicketIds.REGEX + "$");
    assertThat(response(TICKET, "get", "400").path("description").asString())
        .contains(TicketIds.PROBLEM_TYPE, TicketIds.DIGITS);
  }

  @Test
  void exemplifiesARealisticRequestThatItsSchemaAccepts() {
    JsonNode example = document.at("/components/examples/TicketRequest/value");
    for (String[] write : new String[][] {{TICKETS, "post"}, {TICKET, "put"}}) {
      JsonNode body = operation(write[0], write[1]).at("/requestBody/content/application~1json");
      assertThat(body.at("/schema/$ref").asString())
          .isEqualTo("#/components/schemas/TicketRequest");
      assertThat(body.at("/examples/TicketRequest/$ref").asString())
          .isEqualTo("#/components/examples/TicketRequest");
    }
    assertThat(example.path("title").asString()).isEqualTo("Concert, row 12 seat 7");
    assertThat(example.path("price").decimalValue()).isEqualByComparingTo("49.90");
    JsonNode ticket = document.at("/components/examples/Ticket/value");
    assertThat(ticket.path("title")).isEqualTo(example.path("title"));
    assertThat(ticket.path("price").decimalValue()).isEqualByComparingTo("49.90");

    OpenApiInteractionValidator validator =
        OpenApiInteractionValidator.createForInlineApiSpecification(document.toString()).build();
    assertThat(report(validator, TICKETS, Request.Method.POST, example.toString()).getMessages())
        .isEmpty();
    assertThat(
            report(validator, TICKET.replace("{id}", ID), Request.Method.PUT, example.toString())
                .getMessages())
        .isEmpty();
    // The same check refuses what the schema does not allow.
    assertThat(
            report(validator, TICKETS, Request.Method.POST, "{\"title\":\"x\",\"price\":-1}")
                .hasErrors())
        .isTrue();
  }

  private static ValidationReport report(
      OpenApiInteractionValidator validator, String path, Request.Method method, String body) {
    return validator.validateRequest(
        new SimpleRequest.Builder(method, path)
            .withContentType(MediaType.APPLICATION_JSON_VALUE)
            .withAuthorization("Bearer token")
            .withHeader(HttpHeaders.IF_MATCH, "\"0\"")
            .withBody(body)
            .build());
  }

  @Test
  void listsEveryStatusOfEveryOperation() {
    assertThat(statuses(TICKETS, "post"))
        .containsExactlyInAnyOrder(
            "201", "400", "401", "406", "409", "413", "415", "422", "500", "503");
    assertThat(statuses(TICKET, "get"))
        .containsExactlyInAnyOrder("200", "304", "400", "401", "404", "406", "500", "503");
    assertThat(statuses(TICKETS, "get"))
        .containsExactlyInAnyOrder("200", "400", "401", "406", "500", "503");
    assertThat(statuses(TICKET, "put"))
        .containsExactlyInAnyOrder(
            "200", "400", "401", "403", "404", "406", "409", "412", "413", "415", "422", "428",
            "500", "503");
  }

  @Test
  void everyErrorIsAProblemAndEverySuccessJson() {
    for (String[] operation : operations()) {
      responses(operation[0], operation[1])
          .properties()
          .forEach(
              entry -> {
                JsonNode content = entry.getValue().path("content");
                String where = operation[1] + " " + operation[0] + " " + entry.getKey();
                if (entry.getKey().startsWith("4") || entry.getKey().startsWith("5")) {
                  assertThat(names(content)).as(where).containsExactly(PROBLEM_JSON);
                  assertThat(content.path(PROBLEM_JSON).path("schema").path("$ref").asString())
                      .as(where)
                      .isEqualTo(
                          "#/components/schemas/"
                              + (entry.getKey().equals("412")
                                  ? "VersionConflictProblem"
                                  : "Problem"));
                } else if (entry.getKey().equals("304")) {
                  assertThat(content.isMissingNode()).as(where + " has no body").isTrue();
                } else {
                  assertThat(names(content))
                      .as(where)
                      .containsExactly(MediaType.APPLICATION_JSON_VALUE);
                }
              });
    }
  }

  @Test
  void problemSchemasFollowRfc9457AndA412CarriesCurrentVersion() {
    JsonNode problem = schema("Problem");
    assertThat(strings(problem.path("required")))
        .containsExactlyInAnyOrder("type", "title", "status", "detail", "instance");
    assertThat(problem.at("/properties/type/pattern").asString())
        .isEqualTo("^urn:problem-type:tickets:[a-z0-9-]+$");
    JsonNode conflict = schema("VersionConflictProblem");
    assertThat(strings(conflict.path("required"))).contains("type", "status", "currentVersion");
    assertThat(conflict.at("/properties/currentVersion/type").asString()).isEqualTo("integer");
    JsonNode example = document.at("/components/examples/VersionConflict/value");
    assertThat(example.path("status").asInt()).isEqualTo(412);
    assertThat(example.path("currentVersion").asInt()).isEqualTo(1);
    assertThat(document.at("/components/examples/Ticket/value/version").isNumber()).isTrue();
  }

  @Test
  void documentsTheHeaders() {
    assertThat(headersOf(TICKETS, "post", "201"))
        .contains("Location", "ETag", "Idempotent-Replayed");
    assertThat(headersOf(TICKET, "get", "200")).contains("ETag", "Cache-Control");
    assertThat(headersOf(TICKET, "get", "304")).contains("ETag");
    assertThat(headersOf(TICKETS, "get", "200")).contains("Link");
    assertThat(headersOf(TICKET, "put", "200")).contains("ETag", "Idempotent-Replayed");
    assertThat(headersOf(TICKET, "put", "412")).contains("ETag");
    for (String[] operation : operations()) {
      assertThat(headersOf(operation[0], operation[1], "503")).contains("Retry-After");
      assertThat(headersOf(operation[0], operation[1], "401")).contains("WWW-Authenticate");
    }
    assertThat(document.at("/components/headers/ETag/required").asBoolean()).isTrue();
    assertThat(parameters(TICKETS, "post")).contains("header Idempotency-Key");
    assertThat(parameters(TICKET, "put"))
        .contains("path id", "header If-Match", "header If-None-Match", "header Idempotency-Key");
    assertThat(parameters(TICKET, "get")).contains("path id", "header If-None-Match");
    assertThat(parameters(TICKETS, "get")).contains("query limit", "query cursor");
    JsonNode key = parameter(TICKETS, "post", "Idempotency-Key").path("schema");
    assertThat(key.path("minLength").asInt()).isEqualTo(1);
    assertThat(key.path("maxLength").asInt()).isEqualTo(255);
  }

  @Test
  void writesNeedABearerTokenReadsNone() {
    JsonNode bearer = document.at("/components/securitySchemes/bearerAuth");
    assertThat(bearer.path("type").asString()).isEqualTo("http");
    assertThat(bearer.path("scheme").asString()).isEqualTo("bearer");
    assertThat(bearer.path("bearerFormat").asString()).isEqualTo("JWT");
    for (String[] write : new String[][] {{TICKETS, "post"}, {TICKET, "put"}}) {
      assertThat(operation(write[0], write[1]).path("security").toString())
          .isEqualTo("[{\"bearerAuth\":[]}]");
    }
    // Reads need no token: no requirement, so Swagger UI shows no padlock (an optional one,
    // [{}, {bearerAuth}], is drawn closed as if required); that a sent token is checked is the 401.
    for (String[] read : new String[][] {{TICKETS, "get"}, {TICKET, "get"}}) {
      assertThat(operation(read[0], read[1]).path("security").toString()).isEqualTo("[]");
      assertThat(response(read[0], read[1], "401").path("description").asString())
          .contains("optional");
    }
    assertThat(document.path("security").isMissingNode()).as("no document-wide security").isTrue();
  }

  @Test
  void theConformanceCheckRejectsWhatTheDocumentDoesNotAllow() {
    OpenApiConformance conformance = new OpenApiConformance();
    String conflict =
        "{\"type\":\"urn:problem-type:tickets:version-conflict\","
            + "\"title\":\"Version conflict\",\"status\":412,\"detail\":\"stale\","
            + "\"instance\":\"/api/tickets/"
            + ID
            + "\"";
    assertThatCode(
            () ->
                answer(
                    conformance,
                    HttpStatus.PRECONDITION_FAILED,
                    PROBLEM_JSON,
                    conflict + ",\"currentVersion\":1}",
                    "\"1\""))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () ->
                answer(
                    conformance,
                    HttpStatus.PRECONDITION_FAILED,
                    PROBLEM_JSON,
                    conflict + "}",
                    "\"1\""))
        .hasStackTraceContaining("currentVersion");
    assertThatThrownBy(
            () ->
                answer(
                    conformance,
                    HttpStatus.PRECONDITION_FAILED,
                    MediaType.APPLICATION_JSON_VALUE,
                    conflict + ",\"currentVersion\":1}",
                    "\"1\""))
        .hasStackTraceContaining("does not conform");
    assertThatThrownBy(
            () ->
                answer(
                    conformance,
                    HttpStatus.PRECONDITION_FAILED,
                    PROBLEM_JSON,
                    conflict + ",\"currentVersion\":1}",
                    null))
        .hasStackTraceContaining("ETag");
    assertThatThrownBy(
            () ->
                answer(
                    conformance,
                    HttpStatus.I_AM_A_TEAPOT,
                    PROBLEM_JSON,
                    conflict.replace("412", "418") + "}",
                    null))
        .hasStackTraceContaining("418");
  }

  private void answer(
      OpenApiConformance conformance,
      HttpStatus status,
      String contentType,
      String body,
      String etag) {
    ClientRequest request =
        ClientRequest.create(
                HttpMethod.PUT, URI.create("http://localhost:" + port + "/api/tickets/" + ID))
            .build();
    ClientResponse.Builder response =
        ClientResponse.create(status).header(HttpHeaders.CONTENT_TYPE, contentType).body(body);
    if (etag != null) {
      response.header(HttpHeaders.ETAG, etag);
    }
    ClientResponse answered =
        conformance.filter(request, any -> Mono.just(response.build())).block();
    assertThat(answered.bodyToMono(String.class).block()).isEqualTo(body);
  }

  private static String[][] operations() {
    return new String[][] {{TICKETS, "post"}, {TICKET, "get"}, {TICKETS, "get"}, {TICKET, "put"}};
  }

  private JsonNode operation(String path, String method) {
    JsonNode operation = document.path("paths").path(path).path(method);
    assertThat(operation.isObject()).as(method + " " + path + " is documented").isTrue();
    return operation;
  }

  private JsonNode responses(String path, String method) {
    return operation(path, method).path("responses");
  }

  private JsonNode response(String path, String method, String status) {
    JsonNode response = responses(path, method).path(status);
    assertThat(response.isObject()).as(method + " " + path + " documents " + status).isTrue();
    return response;
  }

  private List<String> headersOf(String path, String method, String status) {
    return names(response(path, method, status).path("headers"));
  }

  private Set<String> statuses(String path, String method) {
    return new TreeSet<>(names(responses(path, method)));
  }

  private List<String> parameters(String path, String method) {
    List<String> parameters = new ArrayList<>();
    operation(path, method)
        .path("parameters")
        .forEach(
            parameter ->
                parameters.add(
                    parameter.path("in").asString() + " " + parameter.path("name").asString()));
    return parameters;
  }

  private JsonNode parameter(String path, String method, String name) {
    for (JsonNode parameter : operation(path, method).path("parameters")) {
      if (parameter.path("name").asString().equals(name)) {
        return parameter;
      }
    }
    throw new AssertionError(method + " " + path + " has no parameter " + name);
  }

  private JsonNode schema(String name) {
    JsonNode schema = document.path("components").path("schemas").path(name);
    assertThat(schema.isObject()).as("schema " + name).isTrue();
    return schema;
  }

  private static List<String> names(JsonNode node) {
    return node.properties().stream().map(Map.Entry::getKey).toList();
  }

  private static List<String> strings(JsonNode array) {
    List<String> strings = new ArrayList<>();
    array.forEach(item -> strings.add(item.asString()));
    return strings;
  }
}
