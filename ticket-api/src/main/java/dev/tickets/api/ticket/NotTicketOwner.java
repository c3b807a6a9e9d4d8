package dev.tickets.api.ticket;

/** The caller tried to change a ticket that belongs to someone else. */
public class NotTicketOwner extends TicketRefusal {

  public NotTicketOwner(String ticketId) {
    super("Only the owner may change ticket " + ticketId);
  }
}
