package dev.tickets.api.ticket.web;

import dev.tickets.api.ticket.InvalidTicket;
import dev.tickets.api.ticket.MalformedTicketId;
import dev.tickets.api.ticket.NotTicketOwner;
import dev.tickets.api.ticket.TicketNotFound;
import dev.tickets.api.ticket.VersionConflict;
import dev.tickets.api.ticket.idempotency.IdempotencyKeyInUse;
import dev.tickets.api.ticket.idempotency.IdempotencyKeyReused;
import dev.tickets.events.TicketIds;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.HttpStatus;

/**
 * How each typed refusal of a ticket request is answered: status, problem type and title. This
 * table is the only list: {@link ProblemAdvice} answers any exception found here, so adding a
 * refusal is one line.
 */
enum Refusal {
  VERSION_CONFLICT(VersionConflict.class, HttpStatus.PRECONDITION_FAILED, "Version conflict"),
  TICKET_NOT_FOUND(TicketNotFound.class, HttpStatus.NOT_FOUND, "Ticket not found"),
  NOT_TICKET_OWNER(NotTicketOwner.class, HttpStatus.FORBIDDEN, "Not the ticket's owner"),
  INVALID_TICKET(InvalidTicket.class, HttpStatus.BAD_REQUEST, "Invalid ticket"),
  MALFORMED_TICKET_ID(MalformedTicketId.class, HttpStatus.BAD_REQUEST, TicketIds.PROBLEM_TITLE),
  IF_MATCH_REQUIRED(MissingIfMatch.class, HttpStatus.PRECONDITION_REQUIRED, "If-Match required"),
  INVALID_IF_MATCH(InvalidIfMatch.class, HttpStatus.BAD_REQUEST, "Invalid If-Match"),
  INVALID_PAGE_REQUEST(InvalidPageRequest.class, HttpStatus.BAD_REQUEST, "Invalid page request"),
  INVALID_IDEMPOTENCY_KEY(
      InvalidIdempotencyKey.class, HttpStatus.BAD_REQUEST, "Invalid Idempotency-Key"),
  IDEMPOTENCY_KEY_REUSED(
      IdempotencyKeyReused.class, HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency-Key reused"),
  IDEMPOTENCY_KEY_IN_USE(IdempotencyKeyInUse.class, HttpStatus.CONFLICT, "Idempotency-Key in use");

  private final Class<? extends RuntimeException> exception;
  private final HttpStatus status;
  private final String title;

  Refusal(Class<? extends RuntimeException> exception, HttpStatus status, String title) {
    this.exception = exception;
    this.status = status;
    this.title = title;
  }

  /**
   * The refusal {@code failure} is, or empty when it is none (then it is an unexpected failure).
   */
  static Optional<Refusal> of(Throwable failure) {
    return Arrays.stream(values()).filter(kind -> kind.exception.isInstance(failure)).findFirst();
  }

  HttpStatus status() {
    return status;
  }

  String title() {
    return title;
  }

  /** The problem type's last segment, e.g. {@code version-conflict}. */
  String type() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
