package dev.tickets.api.ticket.idempotency;

/**
 * One keyed request: its key, a fingerprint of what it asks (method, path and body, so that a
 * repeat can be told from a different request under the same key), and the ticket it concerns (for
 * a create, the id the new ticket gets, chosen before it is written).
 *
 * @param key the caller's key
 * @param fingerprint the same for two requests if and only if they ask the same
 * @param request the method and path, for messages
 * @param ticketId the ticket written
 */
public record IdempotentRequest(
    IdempotencyKey key, String fingerprint, String request, String ticketId) {}
