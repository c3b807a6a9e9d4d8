package dev.tickets.api.ticket.web;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.tickets.api.ticket.TicketChanges;
import java.math.BigDecimal;

/**
 * The body of a create or update: exactly {@code title} and {@code price}. The owner is never part
 * of it; it is the authenticated caller.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
record TicketRequest(String title, BigDecimal price) {

  /** The validated changes; throws {@link dev.tickets.api.ticket.InvalidTicket} otherwise. */
  TicketChanges toChanges() {
    return new TicketChanges(title, price);
  }
}
