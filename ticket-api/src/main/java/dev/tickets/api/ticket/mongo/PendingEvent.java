package dev.tickets.api.ticket.mongo;

import java.time.Instant;

import org.springframework.data.mongodb.core.index.Indexed;

/**
 * An event stored in its ticket's document by the write that caused it, waiting for Kafka to
 * acknowledge it. {@code payload} is the exact wire JSON, so a resend is byte-identical. The
 * sweeper finds tickets by {@code pending.createdAt}, hence the (multikey) index.
 */
record PendingEvent(long version, String payload, @Indexed(name = "pending_created_at") Instant createdAt) {
}
