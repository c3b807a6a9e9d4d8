package dev.tickets.api.ticket;

import dev.tickets.events.TicketFields;
import java.math.BigDecimal;

/** The fields a client sets on a ticket; valid by construction. */
public record TicketChanges(String title, BigDecimal price) {

  public TicketChanges {
    String problem = TicketFields.titleProblem(title);
    if (problem == null) {
      problem = TicketFields.priceProblem(price);
    }
    if (problem != null) {
      throw new InvalidTicket(problem);
    }
  }
}
