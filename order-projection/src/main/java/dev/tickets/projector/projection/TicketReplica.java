package dev.tickets.projector.projection;

import dev.tickets.events.TicketEvent;
import java.math.BigDecimal;

/** The orders side's copy of a ticket, as of {@link #version()}. */
public record TicketReplica(
    String id, String title, BigDecimal price, String userId, long version) {

  /** The replica an event takes a ticket to: every event carries the complete state. */
  public static TicketReplica of(TicketEvent event) {
    return new TicketReplica(
        event.ticketId(), event.title(), event.price(), event.userId(), event.version());
  }
}
