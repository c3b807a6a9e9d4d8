package dev.tickets.api.ticket.web;

import java.net.URI;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

import dev.tickets.api.ticket.InvalidTicket;
import dev.tickets.api.ticket.MalformedTicketId;
import dev.tickets.api.ticket.NotTicketOwner;
import dev.tickets.api.ticket.TicketNotFound;
import dev.tickets.api.ticket.VersionConflict;
import reactor.core.publisher.Mono;

/**
 * Every error as an RFC 9457 {@code application/problem+json} body. Framework errors (405, 406,
 * 413, 415, unknown paths, unreadable bodies) keep their status from
 * {@link ResponseEntityExceptionHandler}; bad input is always 4xx; anything unexpected is a 500
 * whose body says nothing about the internals.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

  @ExceptionHandler
  ResponseEntity<ProblemDetail> versionConflict(VersionConflict conflict, ServerWebExchange exchange) {
    ProblemDetail problem = problem(HttpStatus.PRECONDITION_FAILED, "version-conflict",
        "Version conflict", conflict.getMessage(), exchange);
    problem.setProperty("currentVersion", conflict.currentVersion());
    return respond(problem, ETags.format(conflict.currentVersion()));
  }

  @ExceptionHandler
  ResponseEntity<ProblemDetail> notFound(TicketNotFound missing, ServerWebExchange exchange) {
    return respond(problem(HttpStatus.NOT_FOUND, "ticket-not-found", "Ticket not found",
        missing.getMessage(), exchange), null);
  }

  @ExceptionHandler
  ResponseEntity<ProblemDetail> notOwner(NotTicketOwner refused, ServerWebExchange exchange) {
    return respond(problem(HttpStatus.FORBIDDEN, "not-ticket-owner", "Not the ticket's owner",
        refused.getMessage(), exchange), null);
  }

  @ExceptionHandler
  ResponseEntity<ProblemDetail> invalidTicket(InvalidTicket invalid, ServerWebExchange exchange) {
    return respond(problem(HttpStatus.BAD_REQUEST, "invalid-ticket", "Invalid ticket",
        invalid.getMessage(), exchange), null);
  }

  @ExceptionHandler
  ResponseEntity<ProblemDetail> malformedId(MalformedTicketId malformed, ServerWebExchange exchange) {
    return respond(problem(HttpStatus.BAD_REQUEST, "malformed-ticket-id", "Malformed ticket id",
        malformed.getMessage(), exchange), null);
  }

  @ExceptionHandler
  ResponseEntity<ProblemDetail> missingIfMatch(MissingIfMatch missing, ServerWebExchange exchange) {
    return respond(problem(HttpStatus.PRECONDITION_REQUIRED, "if-match-required",
        "If-Match required", missing.getMessage(), exchange), null);
  }

  @ExceptionHandler
  ResponseEntity<ProblemDetail> invalidIfMatch(InvalidIfMatch invalid, ServerWebExchange exchange) {
    return respond(problem(HttpStatus.BAD_REQUEST, "invalid-if-match", "Invalid If-Match",
        invalid.getMessage(), exchange), null);
  }

  @ExceptionHandler
  ResponseEntity<ProblemDetail> invalidPage(InvalidPageRequest invalid, ServerWebExchange exchange) {
    return respond(problem(HttpStatus.BAD_REQUEST, "invalid-page-request", "Invalid page request",
        invalid.getMessage(), exchange), null);
  }

  @ExceptionHandler
  ResponseEntity<ProblemDetail> unexpected(Exception failure, ServerWebExchange exchange) {
    log.error("Unexpected failure of {} {}", exchange.getRequest().getMethod(),
        exchange.getRequest().getPath(), failure);
    return respond(problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
        "The request could not be completed; it has been logged", exchange), null);
  }

  /** Unreadable bodies and parameters: a detail that names the problem, not the parser's text. */
  @Override
  protected Mono<ResponseEntity<Object>> handleServerWebInputException(ServerWebInputException ex,
      HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
    ex.getBody().setDetail(UnreadableInput.describe(ex));
    return super.handleServerWebInputException(ex, headers, status, exchange);
  }

  static ProblemDetail problem(HttpStatus status, String type, String title, String detail,
      ServerWebExchange exchange) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create("urn:problem-type:tickets:" + type));
    problem.setTitle(title);
    problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
    return problem;
  }

  private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem, String eTag) {
    ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.getStatus())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    if (eTag != null) {
      response.eTag(eTag);
    }
    return response.body(problem);
  }
}
