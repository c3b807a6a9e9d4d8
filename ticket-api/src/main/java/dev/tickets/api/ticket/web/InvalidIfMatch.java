package dev.tickets.api.ticket.web;

/** A write's {@code If-Match} is not exactly one strong version tag (answered 400). */
class InvalidIfMatch extends RuntimeException {

  InvalidIfMatch(String message) {
    super(message);
  }
}
