package dev.tickets.api.ticket.outbox;

import java.time.Instant;

/** An event that its ticket's write recorded and Kafka has not yet acknowledged. */
public record PendingPublication(String ticketId, long version, String payload, Instant createdAt) {
}
