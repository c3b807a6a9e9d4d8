package dev.tickets.api.ticket.mongo;

import java.time.Instant;

/**
 * An event stored in its ticket's document by the write that caused it, waiting for Kafka to
 * acknowledge it. {@code payload} is the exact wire JSON, so a resend is byte-identical.
 */
record PendingEvent(long version, String payload, Instant createdAt) {}
