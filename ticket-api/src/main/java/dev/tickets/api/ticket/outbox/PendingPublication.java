package dev.tickets.api.ticket.outbox;

import java.time.Instant;

/**
 * An event that its ticket's write recorded and Kafka has not yet acknowledged. {@code userId} is
 * the ticket's owner, which never changes; the clean-up names it (see {@code PendingEvents}).
 */
public record PendingPublication(
    String ticketId, String userId, long version, String payload, Instant createdAt) {}
