package dev.tickets.api.ticket.web;

/** An {@code Idempotency-Key} that is empty, too long or not visible ASCII (answered 400). */
class InvalidIdempotencyKey extends RuntimeException {

  InvalidIdempotencyKey(String message) {
    super(message);
  }
}
