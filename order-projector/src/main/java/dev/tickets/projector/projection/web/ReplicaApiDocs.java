package dev.tickets.projector.projection.web;

import dev.tickets.events.TicketIds;
import dev.tickets.projector.ProjectorProperties;
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
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;

/**
 * The projector's read API in its OpenAPI document ({@code /v3/api-docs}): springdoc finds {@link
 * TicketReplicaController}; this states what it answers: 200 with the replica and its {@code ETag},
 * 400 for a malformed id or {@code minVersion}, 404 for an unknown one, 503 past the waiting reads'
 * limit or when MongoDB is out, and 504 when a wait ends first, all {@code
 * application/problem+json}. No security: the read API is open.
 */
@Configuration(proxyBeanMethods = false)
class ReplicaApiDocs {

  static final String REPLICA = "TicketReplica";
  static final String PROBLEM = "Problem";
  static final String BEHIND_PROBLEM = "ReplicaBehindProblem";
  private static final String ETAG = "ETag";
  private static final String EXAMPLE_ID = "6b062639b29a59f77f966519";

  @Bean
  OpenApiCustomizer replicaApiContract(ProjectorProperties properties) {
    Duration maxWait = properties.read().maxWait();
    return api -> document(api, maxWait);
  }

  /**
   * Documents the read operation, whose waits last at most {@code maxWait}; idempotent, as
   * springdoc may call it more than once.
   */
  static void document(OpenAPI api, Duration maxWait) {
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
        .addSchemas(BEHIND_PROBLEM, behindSchema())
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
    find(item.getGet(), maxWait);
  }

  private static void find(Operation find, Duration maxWait) {
    find.summary("Read a ticket's replica")
        .description(
            "Anyone may read; no token is needed. With `minVersion`, the answer waits until the "
                + "replica holds that version or a later one (read your writes: pass the version "
                + "of ticket-api's `ETag`), at most `order-projector.read.max-wait` ("
                + maxWait.toMillis()
                + " ms here) or what `Prefer: wait` asks for, if less; then `504`. "
                + "`Prefer: wait=0` does not wait: `504` at once when the replica is behind.")
        .security(List.of())
        .parameters(
            List.of(
                new Parameter()
                    .in("path")
                    .name("id")
                    .required(true)
                    .description("The ticket's id, " + TicketIds.DIGITS)
                    .schema(new StringSchema().pattern("^" + TicketIds.REGEX + "$")),
                new Parameter()
                    .in("query")
                    .name(TicketReplicaController.MIN_VERSION)
                    .required(false)
                    .description(
                        "Answer once the replica holds this version or a later one; a whole "
                            + "number from 0 to "
                            + Long.MAX_VALUE
                            + " (anything else: `400` `"
                            + InvalidMinVersion.TYPE
                            + "`)")
                    .schema(
                        new IntegerSchema()
                            .format("int64")
                            .minimum(BigDecimal.ZERO)
                            .maximum(BigDecimal.valueOf(Long.MAX_VALUE))),
                new Parameter()
                    .in("header")
                    .name(TicketReplicaController.PREFER)
                    .required(false)
                    .description(
                        "RFC 7240 `wait=S`: with `minVersion`, wait at most S seconds (never "
                            + "more than the service's maximum; `0`: do not wait); answered with "
                            + "`Preference-Applied`. Only the first `wait` counts, and one that is "
                            + "not whole seconds is ignored.")
                    .example("wait=2")
                    .schema(new StringSchema())))
        .responses(
            new ApiResponses()
                .addApiResponse("200", replica())
                .addApiResponse(
                    "400",
                    problem(
                        "`"
                            + TicketIds.PROBLEM_TYPE
                            + "`: the id is not "
                            + TicketIds.DIGITS
                            + "; `"
                            + InvalidMinVersion.TYPE
                            + "`: `minVersion` is not a whole number from 0 to "
                            + Long.MAX_VALUE))
                .addApiResponse(
                    "404",
                    problem(
                        "`"
                            + TicketReplicaController.NOT_FOUND_TYPE
                            + "`: no replica of this ticket (yet), and no `minVersion` asked"))
                .addApiResponse(
                    "503",
                    problem(
                            "`"
                                + TooManyWaitingReads.TYPE
                                + "`: as many reads wait as `order-projector.read.max-waiters` "
                                + "allows; `"
                                + StorageUnavailable.TYPE
                                + "`: MongoDB did not answer (within the wait, with "
                                + "`minVersion`). Retry after `Retry-After`")
                        .addHeaderObject(HttpHeaders.RETRY_AFTER, retryAfter()))
                .addApiResponse("504", behind()));
  }

  private static ApiResponse replica() {
    return new ApiResponse()
        .description("The replica; the ETag is its version")
        .addHeaderObject(ETAG, new Header().$ref("#/components/headers/" + ETAG))
        .addHeaderObject(TicketReplicaController.PREFERENCE_APPLIED, preferenceApplied())
        .content(
            new Content()
                .addMediaType(
                    org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                    new MediaType()
                        .schema(ref(REPLICA))
                        .addExamples(
                            REPLICA, new Example().$ref("#/components/examples/" + REPLICA))));
  }

  private static ApiResponse behind() {
    return new ApiResponse()
        .description(
            "`"
                + ReplicaBehind.TYPE
                + "`: the wait ended before the replica reached `minVersion`; "
                + "`currentVersion` is the latest version seen (null: no replica seen)")
        .addHeaderObject(HttpHeaders.RETRY_AFTER, retryAfter())
        .addHeaderObject(TicketReplicaController.PREFERENCE_APPLIED, preferenceApplied())
        .content(
            new Content()
                .addMediaType(
                    org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    new MediaType().schema(ref(BEHIND_PROBLEM))));
  }

  private static Header retryAfter() {
    return new Header()
        .required(true)
        .description("Seconds to wait before asking again")
        .schema(new IntegerSchema().minimum(BigDecimal.ZERO));
  }

  private static Header preferenceApplied() {
    return new Header()
        .description("`wait=S`, the wait applied, when the request had `Prefer: wait`")
        .schema(new StringSchema().pattern("^wait=[0-9]+$"));
  }

  private static Schema<Object> behindSchema() {
    Schema<Object> behind = problemSchema();
    behind.addProperty(
        "currentVersion",
        new IntegerSchema()
            .format("int64")
            .nullable(true)
            .description(
                "The latest version this instance saw the replica hold (about a poll interval "
                    + "old at most, while MongoDB answers); null when it saw no replica"));
    behind.setRequired(List.of("type", "title", "status", "detail", "instance", "currentVersion"));
    return behind;
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
