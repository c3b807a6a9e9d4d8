package dev.tickets.events;

/**
 * A ticket event that breaks the contract: missing fields, bad values, or bytes that are not one.
 */
public class InvalidTicketEvent extends RuntimeException {

  public InvalidTicketEvent(String message) {
    super(message);
  }

  public InvalidTicketEvent(String message, Throwable cause) {
    super(message, cause);
  }
}
