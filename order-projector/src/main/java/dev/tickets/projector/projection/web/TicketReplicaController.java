package dev.tickets.projector.projection.web;

import dev.tickets.events.TicketIds;
import dev.tickets.projector.projection.ReplicaStore;
import dev.tickets.projector.projection.TicketReplica;
import dev.tickets.support.ProblemTypes;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Read API over the replica: the ticket as the orders side knows it, its version as the ETag. An id
 * that breaks the ticket id rule ({@link TicketIds}) is a 400 {@code malformed-ticket-id}, as at
 * ticket-api; a well-formed one without a replica is a 404 {@code ticket-not-found}. {@link
 * ReplicaApiDocs} documents it.
 */
@RestController
class TicketReplicaController {

  static final String PATH = "/api/tickets/{id}";
  static final String NOT_FOUND_TYPE = "ticket-not-found";
  static final String NOT_FOUND_TITLE = "Ticket not found";

  private final ReplicaStore replicas;

  TicketReplicaController(ReplicaStore replicas) {
    this.replicas = replicas;
  }

  @GetMapping(PATH)
  Mono<ResponseEntity<TicketReplica>> find(@PathVariable String id) {
    return Mono.fromCallable(() -> TicketIds.require(id, MalformedTicketId::new))
        .flatMap(replicas::find)
        .map(replica -> ResponseEntity.ok().eTag("\"" + replica.version() + "\"").body(replica))
        .switchIfEmpty(Mono.error(() -> new TicketNotFound(id)));
  }

  @ExceptionHandler
  ProblemDetail notFound(TicketNotFound notFound) {
    return problem(HttpStatus.NOT_FOUND, NOT_FOUND_TYPE, NOT_FOUND_TITLE, notFound.getMessage());
  }

  @ExceptionHandler
  ProblemDetail malformed(MalformedTicketId malformed) {
    return problem(
        HttpStatus.BAD_REQUEST,
        TicketIds.PROBLEM_TYPE,
        TicketIds.PROBLEM_TITLE,
        malformed.getMessage());
  }

  private static ProblemDetail problem(
      HttpStatus status, String type, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(ProblemTypes.named(type));
    problem.setTitle(title);
    return problem;
  }
}
