package dev.tickets.api.ticket;

import dev.tickets.events.TicketIds;

/** A ticket id that cannot name any ticket (see {@link TicketIds}). */
public class MalformedTicketId extends TicketRefusal {

  public MalformedTicketId(String id) {
    super(TicketIds.malformed(id));
  }
}
