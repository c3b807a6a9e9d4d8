package dev.tickets.api.ticket.web;

/** A page was asked for with a bad {@code limit} or {@code cursor} (answered 400). */
class InvalidPageRequest extends RuntimeException {

  InvalidPageRequest(String message) {
    super(message);
  }
}
