package dev.tickets.projector.projection;

import dev.tickets.events.TicketEvent;

/** A conditional write matched nothing although the re-read says it applies: another writer raced. */
final class ReplicaChangedConcurrently extends RuntimeException {

  ReplicaChangedConcurrently(TicketEvent event) {
    super("replica of ticket " + event.ticketId() + " changed while applying version "
        + event.version(), null, false, false);
  }
}
