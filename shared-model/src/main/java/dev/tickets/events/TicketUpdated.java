package dev.tickets.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A ticket's title or price changed, taking it to {@link #version()} (at least 1). */
public record TicketUpdated(
    UUID eventId,
    String ticketId,
    long version,
    String title,
    BigDecimal price,
    String userId,
    Instant occurredAt)
    implements TicketEvent {

  public TicketUpdated {
    TicketFields.check(eventId, ticketId, title, price, userId, occurredAt);
    if (version < 1) {
      throw new InvalidTicketEvent("TicketUpdated must have version >= 1, was " + version);
    }
  }
}
