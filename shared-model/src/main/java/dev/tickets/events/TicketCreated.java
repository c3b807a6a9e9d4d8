package dev.tickets.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A ticket came into being at version 0. */
public record TicketCreated(
    UUID eventId,
    String ticketId,
    long version,
    String title,
    BigDecimal price,
    String userId,
    Instant occurredAt)
    implements TicketEvent {

  public TicketCreated {
    TicketFields.check(eventId, ticketId, title, price, userId, occurredAt);
    if (version != 0) {
      throw new InvalidTicketEvent("TicketCreated must have version 0, was " + version);
    }
  }
}
