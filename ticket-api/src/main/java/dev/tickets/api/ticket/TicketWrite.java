package dev.tickets.api.ticket;

import dev.tickets.events.TicketEvent;

/**
 * A persisted write: the ticket after it, the event it recorded as pending publication (and that
 * event's wire JSON exactly as stored, so that it is encoded once), and the oldest version still
 * pending in the ticket at that moment. Pending versions are always a contiguous run ending at the
 * ticket's version, so {@code oldestPendingVersion < ticket.version()} means that earlier events of
 * this ticket were not yet acknowledged by Kafka when it was written.
 */
public record TicketWrite(
    Ticket ticket, TicketEvent event, String payload, long oldestPendingVersion) {

  public TicketWrite {
    if (oldestPendingVersion > event.version() || event.version() != ticket.version()) {
      throw new IllegalArgumentException(
          "Write of "
              + ticket.id()
              + " v"
              + ticket.version()
              + " with event v"
              + event.version()
              + " and oldest pending v"
              + oldestPendingVersion);
    }
  }
}
