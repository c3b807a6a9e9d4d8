package dev.tickets.api.ticket.web;

/** A write came without an {@code If-Match} that names a version (answered 428). */
class MissingIfMatch extends RuntimeException {

  MissingIfMatch(String message) {
    super(message);
  }
}
