package dev.tickets.api.ticket;

/**
 * A ticket request refused before anything was written: nothing to undo, and a retry may succeed
 * once the reason is gone. Failures of other kinds (an outage, a lost answer) may come after a
 * write.
 */
public abstract class TicketRefusal extends RuntimeException {

  protected TicketRefusal(String message) {
    super(message);
  }
}
