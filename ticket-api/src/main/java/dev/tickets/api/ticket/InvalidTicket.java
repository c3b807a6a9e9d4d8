package dev.tickets.api.ticket;

/** A client asked for a ticket state that breaks the ticket's rules (blank title, bad price). */
public class InvalidTicket extends RuntimeException {

  public InvalidTicket(String message) {
    super(message);
  }
}
