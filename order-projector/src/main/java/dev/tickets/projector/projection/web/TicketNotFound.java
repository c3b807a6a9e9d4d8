package dev.tickets.projector.projection.web;

/** No replica exists for the ticket id (yet). */
final class TicketNotFound extends RuntimeException {

  TicketNotFound(String ticketId) {
    super("No ticket " + ticketId + " in the replica", null, false, false);
  }
}
