package dev.tickets.api.ticket.web;

import dev.tickets.api.ticket.VersionConflict;
import dev.tickets.support.MongoUnavailable;
import dev.tickets.support.ProblemTypes;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
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
import org.springframework.web.util.DisconnectedClientHelper;
import reactor.core.publisher.Mono;

/**
 * Every error as an RFC 9457 {@code application/problem+json} body with {@code type}, {@code
 * title}, {@code status}, {@code detail} and {@code instance}. Typed refusals map as {@link
 * Refusal} says (a 412 also carries {@code currentVersion} and the current {@code ETag}); framework
 * errors (400, 404, 405, 406, 413, 415) keep their status from {@link
 * ResponseEntityExceptionHandler}; anything unexpected is a 500 that names no internals.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);
  private static final URI ABOUT_BLANK = URI.create("about:blank");

  /** A refusal in {@link Refusal}'s table, or else an unexpected failure. */
  @ExceptionHandler
  Mono<ResponseEntity<ProblemDetail>> refusedOrUnexpected(
      RuntimeException failure, ServerWebExchange exchange) {
    return Refusal.of(failure)
        .map(kind -> Mono.just(refused(kind, failure, exchange)))
        .orElseGet(() -> unexpected(failure, exchange));
  }

  private static ResponseEntity<ProblemDetail> refused(
      Refusal kind, RuntimeException refusal, ServerWebExchange exchange) {
    ProblemDetail problem =
        problem(kind.status(), kind.type(), kind.title(), refusal.getMessage(), exchange);
    ResponseEntity.BodyBuilder response =
        ResponseEntity.status(kind.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
    if (refusal instanceof VersionConflict conflict) {
      problem.setProperty("currentVersion", conflict.currentVersion());
      response.eTag(ETags.format(conflict.currentVersion()));
    }
    return response.body(problem);
  }

  /**
   * The database is unreachable: the request may succeed later. A write may have happened before
   * its answer was lost; a retry with the same {@code Idempotency-Key} finds out.
   */
  @ExceptionHandler
  ResponseEntity<ProblemDetail> unavailable(
      DataAccessResourceFailureException failure, ServerWebExchange exchange) {
    return storageUnavailable(failure, exchange);
  }

  private static ResponseEntity<ProblemDetail> storageUnavailable(
      Exception failure, ServerWebExchange exchange) {
    log.warn(
        "MongoDB unavailable for {} {}: {}",
        exchange.getRequest().getMethod(),
        exchange.getRequest().getPath(),
        failure.toString());
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .header(HttpHeaders.RETRY_AFTER, "5")
        .body(
            problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "storage-unavailable",
                "Storage unavailable",
                "The ticket store is unreachable; retry later",
                exchange));
  }

  /**
   * A transient MongoDB failure that Spring left untranslated is a 503 as above. Anything else is a
   * 500 logged at ERROR, except a client that went away mid-request (a reset or aborted
   * connection): no fault of the server, logged at DEBUG without a stack trace, and left unanswered
   * (no one reads the answer, and the response may already be committed).
   */
  @ExceptionHandler
  Mono<ResponseEntity<ProblemDetail>> unexpected(Exception failure, ServerWebExchange exchange) {
    if (MongoUnavailable.isUnavailable(failure)) {
      // A transient driver failure Spring does not translate as one (a connection pool cleared
      // after a timeout on it arrives as an UncategorizedMongoDbException).
      return Mono.just(storageUnavailable(failure, exchange));
    }
    if (DisconnectedClientHelper.isClientDisconnectedException(failure)) {
      log.debug(
          "Client went away during {} {}: {}",
          exchange.getRequest().getMethod(),
          exchange.getRequest().getPath(),
          failure.toString());
      return Mono.empty();
    }
    log.error(
        "Unexpected failure of {} {}",
        exchange.getRequest().getMethod(),
        exchange.getRequest().getPath(),
        failure);
    return Mono.just(
        ResponseEntity.internalServerError()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .body(
                problem(
                    HttpStatus.INTERNAL_SERVER_ERROR,
                    "internal-error",
                    "Internal error",
                    "The request could not be completed; the failure has been logged",
                    exchange)));
  }

  /** Unreadable bodies and parameters: a detail that names the problem, not the parser's text. */
  @Override
  protected Mono<ResponseEntity<Object>> handleServerWebInputException(
      ServerWebInputException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      ServerWebExchange exchange) {
    ex.getBody().setDetail(UnreadableInput.describe(ex));
    return super.handleServerWebInputException(ex, headers, status, exchange);
  }

  /** Framework problems get a type named after their status and always a detail. */
  @Override
  protected Mono<ResponseEntity<Object>> handleExceptionInternal(
      Exception ex,
      Object body,
      HttpHeaders headers,
      HttpStatusCode status,
      ServerWebExchange exchange) {
    return super.handleExceptionInternal(ex, body, headers, status, exchange)
        .doOnNext(
            response -> {
              if (response.getBody() instanceof ProblemDetail problem) {
                complete(problem, status);
              }
            });
  }

  private static void complete(ProblemDetail problem, HttpStatusCode status) {
    if (problem.getType() == null || ABOUT_BLANK.equals(problem.getType())) {
      problem.setType(ProblemTypes.of(status));
    }
    if (problem.getDetail() == null) {
      problem.setDetail(
          status.value() == HttpStatus.CONTENT_TOO_LARGE.value()
              ? "The request body is larger than this service accepts"
              : "The request was refused with status " + status.value());
    }
  }

  private static ProblemDetail problem(
      HttpStatus status, String type, String title, String detail, ServerWebExchange exchange) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(ProblemTypes.named(type));
    problem.setTitle(title);
    problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
    return problem;
  }
}
