package dev.tickets.projector.projection;

import dev.tickets.events.TicketEvent;

/** Versions before an event are missing from the replica: wait for them (retried until a timeout). */
final class VersionGapPending extends RuntimeException {

  private final transient Long stored;

  VersionGapPending(TicketEvent event, Long stored) {
    super("ticket " + event.ticketId() + " version " + event.version() + " waits for version "
        + (stored == null ? 0 : stored + 1) + (stored == null ? " (no replica yet)"
            : " (replica holds " + stored + ")"), null, false, false);
    this.stored = stored;
  }

  /** Whether the replica is still behind a parked version, so the gap cannot close by itself. */
  boolean behind(long parkedVersion) {
    return stored == null || stored < parkedVersion;
  }

  /** The replica's version, or {@code null} when there is none. */
  Long stored() {
    return stored;
  }
}
