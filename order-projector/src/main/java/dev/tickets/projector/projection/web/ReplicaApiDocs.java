package dev.tickets.projector.projection.web;

import dev.tickets.events.TicketIds;
import dev.tickets.support.ProblemTypes;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The projector's read API in its OpenAPI document ({@code /v3/api-docs}): springdoc finds {@link
 * TicketReplicaController}; this states what it answers: 200 with the replica and its {@code ETag},
 * 400 for a malformed id and 404 for an unknown one, both {@code application/problem+json}. No
 * security: the read API is open.
 */
@Configuration(proxyBeanMethods = false)
class ReplicaApiDocs {

  static final String REPLICA = "TicketReplica";
  static final String PROBLEM = "Problem";
  private static final String ETAG = "ETag";
  private static final String EXAMPLE_ID = "6b062639b29a59f77f966519";

  @Bean
  OpenApiCustomizer replicaApiContract() {
    return ReplicaApiDocs::document;
  }

  /** Documents the read operation; idempotent, as springdoc may call it more than once. */
  static void document(OpenAPI api) {
    api.info(
        new Info()
            .title("order-projector")
            .version("1")
            .description(
                "The orders side's replica of tickets, fed by ticket events: eventually what "
                    + "ticket-api wrote, never an older version after a newer one. Errors are RFC "
                    + "9457 problem details (`application/problem+json`)."));
    if (api.getComponents() == null) {
      api.components(new Components());
    }
    api.getComponents()
        .addSchemas(REPLICA, replicaSchema())
        .addSchemas(PROBLEM, problemSchema())
        .addHeaders(
            ETAG,
            new Header()
                .required(true)
                .schema(new StringSchema().pattern("^\"(0|[1-9][0-9]*)\"$"))
                .description("The replica's version as a strong entity-tag, e.g. `\"3\"`"))
        .addExamples(
            REPLICA, new Example().summary("A ticket at version 0").value(exampleReplica()));
    PathItem item =
        api.getPaths() == null ? null : api.getPaths().get(TicketReplicaController.PATH);
    if (item == null || item.getGet() == null) {
      throw new IllegalStateException(
          "ReplicaApiDocs documents GET "
              + TicketReplicaController.PATH
              + ", which springdoc did not find");
    }
    find(item.getGet());
  }

  private static void find(Operation find) {
    find.summary("Read a ticket's replica")
        .description("Anyone may read; no token is needed.")
        .security(List.of())
        .parameters(
            List.of(
                new Parameter()
                    .in("path")
                    .name("id")
                    .required(true)
                    .description("The ticket's id, " + TicketIds.DIGITS)
                    .schema(new StringSchema().pattern("^" + TicketIds.REGEX + "$"))))
        .responses(
            new ApiResponses()
                .addApiResponse("200", replica())
                .addApiResponse(
                    "400",
                    problem("`" + TicketIds.PROBLEM_TYPE + "`: the id is not " + TicketIds.DIGITS))
                .addApiResponse(
                    "404",
                    problem(
                        "`"
                            + TicketReplicaController.NOT_FOUND_TYPE
                            + "`: no replica of this ticket (yet)")));
  }

  private static ApiResponse replica() {
    return new ApiResponse()
        .description("The replica; the ETag is its version")
        .addHeaderObject(ETAG, new Header().$ref("#/components/headers/" + ETAG))
        .content(
            new Content()
                .addMediaType(
                    org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                    new MediaType()
                        .schema(ref(REPLICA))
                        .addExamples(
                            REPLICA, new Example().$ref("#/components/examples/" + REPLICA))));
  }

  private static ApiResponse problem(String description) {
    return new ApiResponse()
        .description(description)
        .content(
            new Content()
                .addMediaType(
                    org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    new MediaType().schema(ref(PROBLEM))));
  }

  private static Map<String, Object> exampleReplica() {
    Map<String, Object> replica = new LinkedHashMap<>();
    replica.put("id", EXAMPLE_ID);
    replica.put("title", "Concert, row 12 seat 7");
    replica.put("price", new BigDecimal("49.90"));
    replica.put("userId", "alice");
    replica.put("version", 0);
    return replica;
  }

  private static Schema<Object> replicaSchema() {
    return new ObjectSchema()
        .description("A ticket as the orders side knows it, as of `version`")
        .addProperty("id", new StringSchema().pattern("^" + TicketIds.REGEX + "$"))
        .addProperty("title", new StringSchema().minLength(1))
        .addProperty(
            "price",
            new NumberSchema()
                .minimum(BigDecimal.ZERO)
                .description("A plain decimal (`20`, `49.90`), never in exponent form"))
        .addProperty("userId", new StringSchema().minLength(1).description("The ticket's owner"))
        .addProperty(
            "version",
            new IntegerSchema()
                .format("int64")
                .minimum(BigDecimal.ZERO)
                .description("The version of the latest event applied; the ETag in quotes"))
        .required(List.of("id", "title", "price", "userId", "version"))
        .additionalProperties(false);
  }

  private static Schema<Object> problemSchema() {
    return new ObjectSchema()
        .description("RFC 9457 problem details; `type` is `urn:problem-type:tickets:<name>`")
        .addProperty(
            "type",
            new StringSchema().format("uri").pattern("^" + ProblemTypes.PREFIX + "[a-z0-9-]+$"))
        .addProperty("title", new StringSchema().minLength(1))
        .addProperty("status", new IntegerSchema())
        .addProperty("detail", new StringSchema().minLength(1))
        .addProperty("instance", new StringSchema().description("The request's path"))
        .required(List.of("type", "title", "status", "detail", "instance"))
        .additionalProperties(false);
  }

  private static Schema<?> ref(String schema) {
    return new Schema<>().$ref("#/components/schemas/" + schema);
  }
}
