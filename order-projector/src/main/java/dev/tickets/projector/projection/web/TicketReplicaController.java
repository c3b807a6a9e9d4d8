package dev.tickets.projector.projection.web;

import dev.tickets.events.TicketIds;
import dev.tickets.projector.ProjectorProperties;
import dev.tickets.projector.projection.InfrastructureUnavailable;
import dev.tickets.projector.projection.ReplicaStore;
import dev.tickets.projector.projection.ReplicaWaits;
import dev.tickets.projector.projection.TicketReplica;
import dev.tickets.support.ProblemTypes;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Read API over the replica: the ticket as the orders side knows it, its version as the ETag. An id
 * that breaks the ticket id rule ({@link TicketIds}) is a 400 {@code malformed-ticket-id}, as at
 * ticket-api; a well-formed one without a replica is a 404 {@code ticket-not-found}; MongoDB out is
 * a 503 {@code storage-unavailable}, as at ticket-api. {@link ReplicaApiDocs} documents it.
 */
@RestController
class TicketReplicaController {

  private static final Logger log = LoggerFactory.getLogger(TicketReplicaController.class);

  static final String PATH = "/api/tickets/{id}";
  static final String NOT_FOUND_TYPE = "ticket-not-found";
  static final String NOT_FOUND_TITLE = "Ticket not found";

  static final String MIN_VERSION = "minVersion";
  static final String PREFER = "Prefer";
  static final String PREFERENCE_APPLIED = "Preference-Applied";

  /** What a client is told to wait before it asks again, after a 504 or a 503 (seconds). */
  static final String RETRY_AFTER_SECONDS = "1";

  private final ReplicaStore replicas;
  private final ReplicaWaits waits;
  private final Duration maxWait;

  TicketReplicaController(
      ReplicaStore replicas, ReplicaWaits waits, ProjectorProperties properties) {
    this.replicas = replicas;
    this.waits = waits;
    this.maxWait = properties.read().maxWait();
  }

  /**
   * The replica; with {@code minVersion}, once it holds that version or a later one, waiting at
   * most the read's wait for it.
   */
  @GetMapping(PATH)
  Mono<ResponseEntity<TicketReplica>> find(
      @PathVariable String id,
      @RequestParam(name = MIN_VERSION, required = false) String minVersion,
      ServerHttpRequest request) {
    // As sent: a List<String> header parameter would be split at every comma, quoted or not.
    List<String> prefer = request.getHeaders().get(PREFER);
    return Mono.fromCallable(() -> TicketIds.require(id, MalformedTicketId::new))
        .flatMap(
            ticketId ->
                ReadWait.of(minVersion, prefer, maxWait)
                    .map(wait -> awaited(ticketId, wait))
                    .orElseGet(() -> replicas.find(ticketId).map(replica -> ok(replica, null))))
        .switchIfEmpty(Mono.error(() -> new TicketNotFound(id)));
  }

  private Mono<ResponseEntity<TicketReplica>> awaited(String ticketId, ReadWait wait) {
    return waits
        .await(ticketId, wait.minVersion(), wait.timeout())
        .map(
            answer -> {
              if (answer instanceof ReplicaWaits.Reached reached) {
                return ok(reached.replica(), wait.preferred() ? wait.applied() : null);
              }
              if (answer instanceof ReplicaWaits.Behind behind) {
                throw new ReplicaBehind(ticketId, wait, behind.currentVersion());
              }
              if (answer instanceof ReplicaWaits.Refused) {
                throw new TooManyWaitingReads();
              }
              throw new StorageUnavailable();
            });
  }

  private static ResponseEntity<TicketReplica> ok(TicketReplica replica, String applied) {
    ResponseEntity.BodyBuilder answer = ResponseEntity.ok().eTag("\"" + replica.version() + "\"");
    if (applied != null) {
      answer.header(PREFERENCE_APPLIED, applied);
    }
    return answer.body(replica);
  }

  @ExceptionHandler
  ResponseEntity<ProblemDetail> behind(ReplicaBehind behind) {
    ProblemDetail problem =
        problem(
            HttpStatus.GATEWAY_TIMEOUT,
            ReplicaBehind.TYPE,
            ReplicaBehind.TITLE,
            behind.getMessage());
    problem.setProperty("currentVersion", behind.currentVersion());
    ResponseEntity.BodyBuilder answer =
        ResponseEntity.status(HttpStatus.GATEWAY_TIMEOUT)
            .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
    if (behind.read().preferred()) {
      answer.header(PREFERENCE_APPLIED, behind.read().applied());
    }
    return answer.body(problem);
  }

  @ExceptionHandler
  ResponseEntity<ProblemDetail> tooMany(TooManyWaitingReads tooMany) {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
        .body(
            problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                TooManyWaitingReads.TYPE,
                TooManyWaitingReads.TITLE,
                tooMany.getMessage()));
  }

  @ExceptionHandler
  ProblemDetail invalidMinVersion(InvalidMinVersion invalid) {
    return problem(
        HttpStatus.BAD_REQUEST,
        InvalidMinVersion.TYPE,
        InvalidMinVersion.TITLE,
        invalid.getMessage());
  }

  @ExceptionHandler
  ResponseEntity<ProblemDetail> unavailable(StorageUnavailable unavailable) {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, StorageUnavailable.RETRY_AFTER_SECONDS)
        .body(
            problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                StorageUnavailable.TYPE,
                StorageUnavailable.TITLE,
                unavailable.getMessage()));
  }

  /** MongoDB is out: the read may succeed later. */
  @ExceptionHandler
  ResponseEntity<ProblemDetail> outage(InfrastructureUnavailable outage) {
    log.warn("Replica read failed: {}", outage.getMessage());
    return unavailable(new StorageUnavailable());
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
