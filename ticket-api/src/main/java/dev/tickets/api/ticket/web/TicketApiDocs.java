package dev.tickets.api.ticket.web;

import static dev.tickets.api.ticket.web.TicketApiComponents.BEARER;
import static dev.tickets.api.ticket.web.TicketApiComponents.CACHE_CONTROL;
import static dev.tickets.api.ticket.web.TicketApiComponents.ETAG;
import static dev.tickets.api.ticket.web.TicketApiComponents.INVALID_TICKET;
import static dev.tickets.api.ticket.web.TicketApiComponents.LINK;
import static dev.tickets.api.ticket.web.TicketApiComponents.LOCATION;
import static dev.tickets.api.ticket.web.TicketApiComponents.TICKET;
import static dev.tickets.api.ticket.web.TicketApiComponents.TICKET_ID;
import static dev.tickets.api.ticket.web.TicketApiComponents.TICKET_PAGE;
import static dev.tickets.api.ticket.web.TicketApiComponents.headers;
import static dev.tickets.api.ticket.web.TicketApiComponents.idempotencyKeyInUse;
import static dev.tickets.api.ticket.web.TicketApiComponents.idempotencyKeyReused;
import static dev.tickets.api.ticket.web.TicketApiComponents.internalError;
import static dev.tickets.api.ticket.web.TicketApiComponents.json;
import static dev.tickets.api.ticket.web.TicketApiComponents.notAcceptable;
import static dev.tickets.api.ticket.web.TicketApiComponents.problem;
import static dev.tickets.api.ticket.web.TicketApiComponents.replayable;
import static dev.tickets.api.ticket.web.TicketApiComponents.ticketRequest;
import static dev.tickets.api.ticket.web.TicketApiComponents.tooLarge;
import static dev.tickets.api.ticket.web.TicketApiComponents.unauthorized;
import static dev.tickets.api.ticket.web.TicketApiComponents.unavailable;
import static dev.tickets.api.ticket.web.TicketApiComponents.unsupportedMediaType;
import static dev.tickets.api.ticket.web.TicketApiComponents.versionConflict;
import static dev.tickets.api.ticket.web.TicketApiComponents.withExample;

import dev.tickets.api.ticket.idempotency.IdempotentRequests;
import dev.tickets.events.TicketIds;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.tags.Tag;
import java.math.BigDecimal;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The ticket-api's HTTP contract in its OpenAPI document ({@code /v3/api-docs}): springdoc finds
 * the operations in {@link TicketController}; this adds every status each one really answers, its
 * headers, problem bodies ({@code application/problem+json}, RFC 9457), conditional-request and
 * idempotency headers, examples and the bearer security scheme. Every response of the integration
 * tests is validated against the document, so what it says is what the service does.
 */
@Configuration(proxyBeanMethods = false)
class TicketApiDocs {

  private static final String TAG = "tickets";
  private static final String DESCRIPTION =
      "Tickets with optimistic concurrency: every write "
          + "names the version it read (`If-Match`), a stale one is refused with 412. Errors are RFC "
          + "9457 problem details (`application/problem+json`). Other methods on these paths are "
          + "answered 405 with `Allow` (after the 401 of a missing token); a request URI that cannot "
          + "be decoded (`%ZZ`) is refused 400 by the HTTP server before any problem can be written, "
          + "without a body.";

  @Bean
  OpenApiCustomizer ticketApiContract() {
    return TicketApiDocs::document;
  }

  /** Documents the four ticket operations; idempotent, as springdoc may call it more than once. */
  static void document(OpenAPI api) {
    api.info(new Info().title("ticket-api").version("1").description(DESCRIPTION));
    api.tags(
        List.of(new Tag().name(TAG).description("Create, read, page through and update tickets")));
    if (api.getComponents() == null) {
      api.components(new Components());
    }
    TicketApiComponents.addTo(api.getComponents());
    PathItem tickets = path(api, TicketController.PATH);
    PathItem ticket = path(api, TicketController.PATH + "/{id}");
    create(
        describe(
            tickets.getPost(),
            "POST",
            "Create a ticket",
            "The caller (the token's `sub`) becomes the owner; the ticket starts at version 0."));
    find(
        describe(
            ticket.getGet(),
            "GET one",
            "Read a ticket",
            "Anyone may read any ticket; a token is optional, but one that is sent must be valid."));
    page(
        describe(
            tickets.getGet(),
            "GET page",
            "Page through all tickets in id order",
            "Follow `nextCursor` (as `cursor`) or the `Link: rel=\"next\"` header; a token is "
                + "optional, but one that is sent must be valid."));
    update(
        describe(
            ticket.getPut(),
            "PUT",
            "Update a ticket, conditionally",
            "Only the owner may update; the write succeeds only if the ticket is at a version "
                + "`If-Match` names, checked and applied atomically."));
  }

  private static void create(Operation create) {
    create.security(bearerToken()).requestBody(ticketRequest());
    replaceParameter(create, idempotencyKey());
    create.responses(
        new ApiResponses()
            .addApiResponse(
                "201", replayable(json("Created at version 0", TICKET, TICKET, LOCATION, ETAG)))
            .addApiResponse(
                "400",
                withExample(
                    problem(
                        "`invalid-ticket` (the body breaks "
                            + "a rule), `bad-request` (not a readable ticket: malformed JSON, unknown field, wrong "
                            + "type), `invalid-idempotency-key`"),
                    INVALID_TICKET))
            .addApiResponse("401", unauthorized(true))
            .addApiResponse("406", notAcceptable())
            .addApiResponse("409", idempotencyKeyInUse())
            .addApiResponse("413", tooLarge())
            .addApiResponse("415", unsupportedMediaType())
            .addApiResponse("422", idempotencyKeyReused())
            .addApiResponse("500", internalError())
            .addApiResponse("503", unavailable()));
  }

  private static void update(Operation update) {
    update.security(bearerToken()).requestBody(ticketRequest());
    replaceParameter(update, ticketId());
    replaceParameter(
        update,
        header(
            "If-Match",
            new StringSchema(),
            "Required: one or more "
                + "strong entity-tags (`\"3\"` or `\"3\", \"4\"`); the write goes ahead if the ticket "
                + "is at one of these versions. Weak tags never match (412). Missing or `*` is 428; a "
                + "value that is not a list of entity-tags is 400."));
    replaceParameter(
        update,
        header(
            "If-None-Match",
            new StringSchema(),
            "`*`, or a list naming "
                + "the current version, makes the write fail with 412; a value that is not a list of "
                + "entity-tags is 400."));
    replaceParameter(update, idempotencyKey());
    update.responses(
        new ApiResponses()
            .addApiResponse(
                "200",
                replayable(
                    json(
                        "Updated; the ETag is the new version",
                        TICKET,
                        TICKET,
                        ETAG,
                        CACHE_CONTROL)))
            .addApiResponse(
                "400",
                withExample(
                    problem(
                        "`invalid-ticket`, `bad-request` "
                            + "(unreadable body), `malformed-ticket-id`, `invalid-if-match` (`If-Match` or "
                            + "`If-None-Match` not a list of entity-tags), `invalid-idempotency-key`"),
                    INVALID_TICKET))
            .addApiResponse("401", unauthorized(true))
            .addApiResponse(
                "403",
                problem(
                    "`not-ticket-owner`: the ticket belongs to someone else "
                        + "(whatever version was named)"))
            .addApiResponse("404", problem("`ticket-not-found`"))
            .addApiResponse("406", notAcceptable())
            .addApiResponse("409", idempotencyKeyInUse())
            .addApiResponse(
                "412",
                versionConflict(
                    "`version-conflict`: the ticket is not at a "
                        + "version `If-Match` names (or `If-None-Match` names it); `currentVersion` and the "
                        + "`ETag` tell the current one"))
            .addApiResponse("413", tooLarge())
            .addApiResponse("415", unsupportedMediaType())
            .addApiResponse("422", idempotencyKeyReused())
            .addApiResponse("428", problem("`if-match-required`: no `If-Match`, or `*`"))
            .addApiResponse("500", internalError())
            .addApiResponse("503", unavailable()));
  }

  private static Parameter idempotencyKey() {
    return header(
        "Idempotency-Key",
        new StringSchema().minLength(1).maxLength(255).pattern("^[\\x21-\\x7E]+$"),
        "Optional (IETF httpapi idempotency-key draft), 1 to "
            + "255 visible ASCII characters, scoped to the caller. A repeat with the same key and "
            + "request (method, path and body) gets the first success again, status, headers and "
            + "body, with `Idempotent-Replayed: true`. "
            + IdempotentRequests.RETRY_RULE
            + " Keys expire after `ticket-api.idempotency.retention`.");
  }

  private static void find(Operation find) {
    find.security(noToken());
    replaceParameter(find, ticketId());
    replaceParameter(
        find,
        header(
            "If-None-Match",
            new StringSchema(),
            "`*` or a list of "
                + "entity-tags, compared weakly: naming the current version answers 304. A malformed "
                + "value is ignored."));
    find.responses(
        new ApiResponses()
            .addApiResponse("200", json("The ticket", TICKET, TICKET, ETAG, CACHE_CONTROL))
            .addApiResponse(
                "304",
                headers(
                    new ApiResponse()
                        .description(
                            "Not modified: `If-None-Match` names the current version; no body"),
                    ETAG,
                    CACHE_CONTROL))
            .addApiResponse(
                "400",
                problem("`" + TicketIds.PROBLEM_TYPE + "`: the id is not " + TicketIds.DIGITS))
            .addApiResponse("401", unauthorized(false))
            .addApiResponse("404", problem("`ticket-not-found`"))
            .addApiResponse("406", notAcceptable())
            .addApiResponse("500", internalError())
            .addApiResponse("503", unavailable()));
  }

  private static void page(Operation page) {
    page.security(noToken());
    replaceParameter(
        page,
        new Parameter()
            .in("query")
            .name("limit")
            .required(false)
            .description("Tickets per page")
            .schema(
                new IntegerSchema()
                    .minimum(BigDecimal.valueOf(PageQuery.MIN_LIMIT))
                    .maximum(BigDecimal.valueOf(PageQuery.MAX_LIMIT))
                    ._default(PageQuery.DEFAULT_LIMIT)));
    replaceParameter(
        page,
        new Parameter()
            .in("query")
            .name("cursor")
            .required(false)
            .description("The `nextCursor` of the previous page; omit for the first page")
            .schema(new StringSchema().pattern(TICKET_ID)));
    page.responses(
        new ApiResponses()
            .addApiResponse("200", json("A page of tickets", TICKET_PAGE, TICKET_PAGE, LINK))
            .addApiResponse("400", problem("`invalid-page-request`: bad `limit` or `cursor`"))
            .addApiResponse("401", unauthorized(false))
            .addApiResponse("406", notAcceptable())
            .addApiResponse("500", internalError())
            .addApiResponse("503", unavailable()));
  }

  static Operation describe(Operation operation, String name, String summary, String description) {
    if (operation == null) {
      throw new IllegalStateException(
          "TicketApiDocs documents "
              + name
              + " of the ticket API, which springdoc did not find in TicketController");
    }
    return operation.tags(List.of(TAG)).summary(summary).description(description);
  }

  static List<SecurityRequirement> bearerToken() {
    return List.of(new SecurityRequirement().addList(BEARER));
  }

  /**
   * None: a read needs no token, so Swagger UI shows it without a padlock and sends none (an
   * optional requirement, {@code [{}, {bearerAuth: []}]}, is shown as a closed padlock, as if it
   * were required and met). That a token sent anyway is checked is in the description and the 401.
   */
  private static List<SecurityRequirement> noToken() {
    return List.of();
  }

  static Parameter ticketId() {
    return new Parameter()
        .in("path")
        .name("id")
        .required(true)
        .description("The ticket's id, " + TicketIds.DIGITS)
        .schema(new StringSchema().pattern(TICKET_ID));
  }

  static Parameter header(String name, Schema<?> schema, String description) {
    return new Parameter()
        .in("header")
        .name(name)
        .required(false)
        .schema(schema)
        .description(description);
  }

  /** Adds {@code parameter}, replacing one of the same name and location springdoc found. */
  static void replaceParameter(Operation operation, Parameter parameter) {
    if (operation.getParameters() != null) {
      operation
          .getParameters()
          .removeIf(
              existing ->
                  parameter.getIn().equals(existing.getIn())
                      && parameter.getName().equalsIgnoreCase(existing.getName()));
    }
    operation.addParametersItem(parameter);
  }

  private static PathItem path(OpenAPI api, String path) {
    PathItem item = api.getPaths() == null ? null : api.getPaths().get(path);
    if (item == null) {
      throw new IllegalStateException(
          "TicketApiDocs documents " + path + ", which springdoc did not find in TicketController");
    }
    return item;
  }
}
