package dev.tickets.api.ticket.web;

/**
 * A write's {@code If-Match} or {@code If-None-Match} is not a list of entity-tags (answered 400).
 */
class InvalidIfMatch extends RuntimeException {

  InvalidIfMatch(String message) {
    super(message);
  }
}
