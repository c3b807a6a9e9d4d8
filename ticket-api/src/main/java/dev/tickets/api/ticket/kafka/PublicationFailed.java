package dev.tickets.api.ticket.kafka;

import dev.tickets.api.ticket.outbox.PendingPublication;

/** Kafka did not acknowledge a ticket event; it stays pending and is sent again later. */
class PublicationFailed extends RuntimeException {

  PublicationFailed(PendingPublication publication, Throwable cause) {
    super(
        "Kafka did not acknowledge ticket " + publication.ticketId() + " v" + publication.version(),
        cause);
  }
}
