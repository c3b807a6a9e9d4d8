package dev.tickets.projector.replica;

import dev.tickets.events.TicketEvent;

/** Versions before an event are missing from the replica: wait for them (retried until a timeout). */
final class VersionGapPending extends RuntimeException {

  VersionGapPending(TicketEvent event, Long stored) {
    super("ticket " + event.ticketId() + " version " + event.version() + " waits for version "
        + (stored == null ? 0 : stored + 1) + (stored == null ? " (no replica yet)"
            : " (replica holds " + stored + ")"), null, false, false);
  }
}
