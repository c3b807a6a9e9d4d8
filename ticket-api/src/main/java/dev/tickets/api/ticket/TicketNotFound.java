package dev.tickets.api.ticket;

/** No ticket has the given id. */
public class TicketNotFound extends TicketRefusal {

  private final String ticketId;

  public TicketNotFound(String ticketId) {
    super("Ticket " + ticketId + " does not exist");
    this.ticketId = ticketId;
  }

  public String ticketId() {
    return ticketId;
  }
}
