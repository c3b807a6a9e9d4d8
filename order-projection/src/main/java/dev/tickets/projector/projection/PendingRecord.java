package dev.tickets.projector.projection;

import dev.tickets.events.TicketEvent;
import io.micrometer.core.instrument.Timer;

/** A decoded record waiting in its ticket's queue until it is settled and acknowledged. */
final class PendingRecord {

  private final Delivery delivery;
  private final TicketEvent event;
  private final Timer.Sample received;
  private Long heldSince;

  PendingRecord(Delivery delivery, TicketEvent event, Timer.Sample received) {
    this.delivery = delivery;
    this.event = event;
    this.received = received;
  }

  Delivery delivery() {
    return delivery;
  }

  TicketEvent event() {
    return event;
  }

  long version() {
    return event.version();
  }

  Timer.Sample received() {
    return received;
  }

  /** When this record was first found waiting for a missing version, in milliseconds. */
  long heldSince(long now) {
    if (heldSince == null) {
      heldSince = now;
    }
    return heldSince;
  }

  @Override
  public String toString() {
    return delivery.describe()
        + " (ticket "
        + event.ticketId()
        + " version "
        + event.version()
        + ")";
  }
}
