package dev.tickets.projector.projection.web;

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

/** Read API over the replica: the ticket as the orders side knows it, its version as the ETag. */
@RestController
class TicketReplicaController {

  private final ReplicaStore replicas;

  TicketReplicaController(ReplicaStore replicas) {
    this.replicas = replicas;
  }

  @GetMapping("/api/tickets/{id}")
  Mono<ResponseEntity<TicketReplica>> find(@PathVariable String id) {
    return replicas
        .find(id)
        .map(replica -> ResponseEntity.ok().eTag("\"" + replica.version() + "\"").body(replica))
        .switchIfEmpty(Mono.error(() -> new TicketNotFound(id)));
  }

  @ExceptionHandler
  ProblemDetail notFound(TicketNotFound notFound) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, notFound.getMessage());
    problem.setType(ProblemTypes.named("ticket-not-found"));
    problem.setTitle("Ticket not found");
    return problem;
  }
}
