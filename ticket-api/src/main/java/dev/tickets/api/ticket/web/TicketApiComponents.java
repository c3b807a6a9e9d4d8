package dev.tickets.api.ticket.web;

import dev.tickets.api.ticket.idempotency.IdempotencyKeyReused;
import dev.tickets.events.TicketIds;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reusable parts of the ticket-api's OpenAPI document for {@link TicketApiDocs}: schemas,
 * response headers, examples, the bearer security scheme, and the responses built from them.
 * Everything here is what the service really sends; the integration tests validate every response
 * against it.
 */
final class TicketApiComponents {

  private static final String JSON = org.springframework.http.MediaType.APPLICATION_JSON_VALUE;
  private static final String PROBLEM_JSON =
      org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

  static final String BEARER = "bearerAuth";
  static final String TICKET = "Ticket";
  static final String TICKET_PAGE = "TicketPage";
  static final String TICKET_REQUEST = "TicketRequest";
  static final String PROBLEM = "Problem";
  static final String VERSION_CONFLICT = "VersionConflictProblem";
  static final String INVALID_TICKET = "InvalidTicket";
  static final String ETAG = "ETag";
  static final String LOCATION = "Location";
  static final String CACHE_CONTROL = "Cache-Control";
  static final String LINK = "Link";
  static final String RETRY_AFTER = "Retry-After";
  static final String WWW_AUTHENTICATE = "WWW-Authenticate";
  static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

  static final String TICKET_ID = "^" + TicketIds.REGEX + "$";
  static final String PROBLEM_TYPE = "^urn:problem-type:tickets:[a-z0-9-]+$";

  private static final String NEXT_LINK =
      "^</api/tickets\\?limit=[0-9]+&cursor=" + TicketIds.REGEX + ">; rel=\"next\"$";
  private static final String EXAMPLE_ID = "6b062639b29a59f77f966519";

  private TicketApiComponents() {}

  /** Adds the ticket-api's components, replacing the ticket schemas springdoc derived. */
  static void addTo(Components components) {
    components.addSecuritySchemes(
        BEARER,
        new SecurityScheme()
            .type(SecurityScheme.Type.HTTP)
            .scheme("bearer")
            .bearerFormat("JWT")
            .description(
                "A JWT signed with the service's key (HS256) or an identity provider's; "
                    + "its `sub` claim is the caller and the owner of the tickets it creates."));
    schemas().forEach(components::addSchemas);
    headers().forEach(components::addHeaders);
    examples().forEach(components::addExamples);
  }

  private static Map<String, Schema> schemas() {
    Map<String, Schema> schemas = new LinkedHashMap<>();
    schemas.put(
        TICKET,
        new ObjectSchema()
            .description("A ticket as everyone sees it")
            .addProperty(
                "id",
                new StringSchema()
                    .pattern(TICKET_ID)
                    .description(TicketIds.DIGITS + ", assigned at creation"))
            .addProperty("title", title())
            .addProperty("price", price())
            .addProperty(
                "userId",
                new StringSchema()
                    .minLength(1)
                    .description("The owner: the `sub` of the token that created the ticket"))
            .addProperty(
                "version",
                new IntegerSchema()
                    .format("int64")
                    .minimum(BigDecimal.ZERO)
                    .description(
                        "0 at creation, one more with every successful write; the ETag is "
                            + "this number in quotes"))
            .required(List.of("id", "title", "price", "userId", "version"))
            .additionalProperties(false));
    schemas.put(
        TICKET_REQUEST,
        new ObjectSchema()
            .description(
                "The body of a create or update: exactly title and price. Unknown fields, "
                    + "duplicate keys, wrong types (no coercion) and MongoDB operators are a 400.")
            .addProperty("title", title().pattern("\\S"))
            .addProperty("price", price())
            .required(List.of("title", "price"))
            .additionalProperties(false));
    schemas.put(
        TICKET_PAGE,
        new ObjectSchema()
            .description("One page of tickets in id order")
            .addProperty(
                "items", new ArraySchema().items(ref(TICKET)).maxItems(PageQuery.MAX_LIMIT))
            .addProperty(
                "nextCursor",
                new StringSchema()
                    .pattern(TICKET_ID)
                    .nullable(true)
                    .description("Pass as `cursor` for the next page; null on the last page"))
            .required(List.of("items", "nextCursor"))
            .additionalProperties(false));
    schemas.put(
        PROBLEM,
        problemSchema()
            .description("RFC 9457 problem details; `type` is `urn:problem-type:tickets:<name>`"));
    Schema<Object> conflict =
        problemSchema().description("A 412: the problem details plus the ticket's current version");
    conflict.addProperty(
        "currentVersion",
        new IntegerSchema()
            .format("int64")
            .minimum(BigDecimal.ZERO)
            .description(
                "The ticket's version now; read it and retry with "
                    + "`If-Match: \"<currentVersion>\"`"));
    conflict.addRequiredItem("currentVersion");
    schemas.put(VERSION_CONFLICT, conflict);
    return schemas;
  }

  private static Map<String, Header> headers() {
    Map<String, Header> headers = new LinkedHashMap<>();
    headers.put(
        ETAG,
        header(
            true,
            new StringSchema().pattern("^\"(0|[1-9][0-9]*)\"$"),
            "The ticket's (current) version as a strong entity-tag, e.g. `\"3\"`"));
    headers.put(
        LOCATION,
        header(
            true,
            new StringSchema().pattern("^/api/tickets/" + TicketIds.REGEX + "$"),
            "The new ticket's URI"));
    headers.put(
        CACHE_CONTROL,
        header(
            true,
            new StringSchema()._enum(List.of("no-cache")),
            "Caches must revalidate (a conditional GET with `If-None-Match`)"));
    headers.put(
        LINK,
        header(
            false,
            new StringSchema().pattern(NEXT_LINK),
            "The next page (RFC 8288), present when more tickets follow"));
    headers.put(
        RETRY_AFTER,
        header(
            true, new IntegerSchema().minimum(BigDecimal.ZERO), "Seconds to wait before retrying"));
    headers.put(
        WWW_AUTHENTICATE,
        header(
            true,
            new StringSchema().pattern("^Bearer"),
            "RFC 6750 challenge: `Bearer`, or `Bearer error=\"invalid_token\", ...` for a "
                + "rejected token"));
    headers.put(
        IDEMPOTENT_REPLAYED,
        header(
            false,
            new StringSchema()._enum(List.of("true")),
            "`true` when this is the first answer to the same request with the same "
                + "`Idempotency-Key`, replayed"));
    return headers;
  }

  /** The body of a create or update in the examples; the example ticket is what it creates. */
  private static Map<String, Object> exampleRequest() {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("title", "Concert, row 12 seat 7");
    request.put("price", new BigDecimal("49.90"));
    return request;
  }

  private static Map<String, Example> examples() {
    Map<String, Object> ticket = new LinkedHashMap<>();
    ticket.put("id", EXAMPLE_ID);
    ticket.putAll(exampleRequest());
    ticket.put("userId", "alice");
    ticket.put("version", 0);
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("items", List.of(ticket));
    page.put("nextCursor", EXAMPLE_ID);
    Map<String, Object> conflict = new LinkedHashMap<>();
    conflict.put("type", "urn:problem-type:tickets:version-conflict");
    conflict.put("title", "Version conflict");
    conflict.put("status", 412);
    conflict.put("detail", "Ticket " + EXAMPLE_ID + " is at version 1, not 0");
    conflict.put("instance", "/api/tickets/" + EXAMPLE_ID);
    conflict.put("currentVersion", 1);
    Map<String, Object> invalid = new LinkedHashMap<>();
    invalid.put("type", "urn:problem-type:tickets:invalid-ticket");
    invalid.put("title", "Invalid ticket");
    invalid.put("status", 400);
    invalid.put("detail", "title must be at most 200 characters");
    invalid.put("instance", "/api/tickets");
    Map<String, Example> examples = new LinkedHashMap<>();
    examples.put(
        TICKET_REQUEST, new Example().summary("A seat at a concert").value(exampleRequest()));
    examples.put(TICKET, new Example().summary("A ticket at version 0").value(ticket));
    examples.put(TICKET_PAGE, new Example().summary("A page with more to follow").value(page));
    examples.put(
        "VersionConflict",
        new Example().summary("If-Match named version 0, the ticket is at 1").value(conflict));
    examples.put(INVALID_TICKET, new Example().summary("A title that is too long").value(invalid));
    return examples;
  }

  /**
   * The request body of a create or update: a {@link #TICKET_REQUEST} with its example (a schema's
   * own {@code example} would reach the document as a string, springdoc resolves it as text).
   */
  static RequestBody ticketRequest() {
    return new RequestBody()
        .required(true)
        .content(
            new Content()
                .addMediaType(
                    JSON,
                    new MediaType()
                        .schema(ref(TICKET_REQUEST))
                        .addExamples(
                            TICKET_REQUEST,
                            new Example().$ref("#/components/examples/" + TICKET_REQUEST))));
  }

  static ApiResponse json(String description, String schema, String example, String... headers) {
    MediaType body =
        new MediaType()
            .schema(ref(schema))
            .addExamples(example, new Example().$ref("#/components/examples/" + example));
    return headers(
        new ApiResponse().description(description).content(new Content().addMediaType(JSON, body)),
        headers);
  }

  static ApiResponse problem(String description, String... headers) {
    return problemOf(PROBLEM, description, headers);
  }

  static ApiResponse problemOf(String schema, String description, String... headers) {
    return headers(
        new ApiResponse()
            .description(description)
            .content(new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(ref(schema)))),
        headers);
  }

  static ApiResponse headers(ApiResponse response, String... headers) {
    for (String name : headers) {
      response.addHeaderObject(name, new Header().$ref("#/components/headers/" + name));
    }
    return response;
  }

  static ApiResponse versionConflict(String description) {
    return withExample(problemOf(VERSION_CONFLICT, description, ETAG), "VersionConflict");
  }

  /** Adds the example {@code name} of the components to the response's one media type. */
  static ApiResponse withExample(ApiResponse response, String name) {
    response
        .getContent()
        .values()
        .forEach(
            media -> media.addExamples(name, new Example().$ref("#/components/examples/" + name)));
    return response;
  }

  static ApiResponse replayable(ApiResponse response) {
    return headers(response, IDEMPOTENT_REPLAYED);
  }

  /** A 401: for a write the token is required, for a read only one that is sent is checked. */
  static ApiResponse unauthorized(boolean required) {
    return problem(
        "`unauthorized`: "
            + (required ? "no bearer token, or " : "the token is " + "optional, but this one is ")
            + "an invalid, expired or forged token, or one without "
            + "`sub`",
        WWW_AUTHENTICATE);
  }

  static ApiResponse notAcceptable() {
    return problem("`not-acceptable`: the `Accept` header allows no JSON representation");
  }

  static ApiResponse internalError() {
    return problem(
        "`internal-error`: an unexpected failure, logged; the body names no " + "internals");
  }

  static ApiResponse unavailable() {
    return problem(
        "`storage-unavailable`: MongoDB is unreachable; nothing was written", RETRY_AFTER);
  }

  static ApiResponse tooLarge() {
    return problem(
        "`content-too-large`: the body is larger than "
            + "`spring.http.codecs.max-in-memory-size` (16 KB)");
  }

  static ApiResponse unsupportedMediaType() {
    return problem("`unsupported-media-type`: the body is not `application/json`");
  }

  static ApiResponse idempotencyKeyInUse() {
    return problem(
        "`idempotency-key-in-use`: the first request with this `Idempotency-Key` was "
            + "still in progress after `ticket-api.idempotency.wait-timeout`; retry later");
  }

  static ApiResponse idempotencyKeyReused() {
    return problem("`idempotency-key-reused`: " + IdempotencyKeyReused.MEANING);
  }

  static Schema<?> ref(String schema) {
    return new Schema<>().$ref("#/components/schemas/" + schema);
  }

  private static Schema<Object> problemSchema() {
    return new ObjectSchema()
        .addProperty(
            "type",
            new StringSchema()
                .format("uri")
                .pattern(PROBLEM_TYPE)
                .example("urn:problem-type:tickets:invalid-ticket"))
        .addProperty("title", new StringSchema().minLength(1))
        .addProperty(
            "status",
            new IntegerSchema()
                .minimum(BigDecimal.valueOf(400))
                .maximum(BigDecimal.valueOf(599))
                .description("The HTTP status, repeated"))
        .addProperty(
            "detail",
            new StringSchema()
                .minLength(1)
                .description("What was wrong, in words a client can act on"))
        .addProperty("instance", new StringSchema().description("The request's path"))
        .required(new ArrayList<>(List.of("type", "title", "status", "detail", "instance")))
        .additionalProperties(false);
  }

  private static Schema<String> title() {
    return new StringSchema()
        .minLength(1)
        .maxLength(200)
        .description("1 to 200 characters, not blank");
  }

  private static Schema<BigDecimal> price() {
    return new NumberSchema()
        .minimum(BigDecimal.ZERO)
        .maximum(new BigDecimal("1000000000"))
        .description("0 to 1,000,000,000 with at most 2 decimals");
  }

  private static Header header(boolean required, Schema<?> schema, String description) {
    return new Header().required(required).schema(schema).description(description);
  }
}
