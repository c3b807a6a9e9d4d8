package dev.tickets.api.ticket;

/** A client asked for a ticket state that breaks the ticket's rules (blank title, bad price). */
public class InvalidTicket extends TicketRefusal {

  public InvalidTicket(String message) {
    super(message);
  }
}
