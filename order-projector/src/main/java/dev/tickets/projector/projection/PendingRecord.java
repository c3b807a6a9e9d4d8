package dev.tickets.projector.projection;

import dev.tickets.events.TicketEvent;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.MonoSink;

/** A decoded record waiting in its ticket's queue until it is settled and acknowledged. */
final class PendingRecord {

  private final Delivery delivery;
  private final TicketEvent event;
  private final MonoSink<ProjectionOutcome> settled;
  private final Timer.Sample received;
  private Long heldSince;

  PendingRecord(Delivery delivery, TicketEvent event, MonoSink<ProjectionOutcome> settled,
      Timer.Sample received) {
    this.delivery = delivery;
    this.event = event;
    this.settled = settled;
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

  /** Acknowledges the record, then completes its step with the outcome. */
  void settle(ProjectionOutcome outcome) {
    delivery.acknowledge();
    settled.success(outcome);
  }

  @Override
  public String toString() {
    return delivery.describe() + " (ticket " + event.ticketId() + " version " + event.version() + ")";
  }
}
