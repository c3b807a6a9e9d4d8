package dev.tickets.projector.projection.web;

import dev.tickets.events.TicketIds;

/**
 * A ticket id that cannot name any ticket ({@link TicketIds}): answered 400, as ticket-api does.
 */
final class MalformedTicketId extends RuntimeException {

  MalformedTicketId(String ticketId) {
    super(TicketIds.malformed(ticketId), null, false, false);
  }
}
