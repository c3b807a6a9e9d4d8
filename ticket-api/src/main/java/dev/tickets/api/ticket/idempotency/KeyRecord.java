package dev.tickets.api.ticket.idempotency;

import java.time.Instant;

import dev.tickets.api.ticket.Ticket;

/**
 * A key as stored: claimed by one execution until {@code leaseEnd}, then completed with the
 * answer's ticket; gone (or ignored) after {@code expiresAt}.
 *
 * @param fingerprint the fingerprint of the request that claimed it
 * @param request its method and path
 * @param ticketId the ticket it writes
 * @param token the claim of the execution that holds it
 * @param leaseEnd until when that execution holds it
 * @param expiresAt when the key is forgotten
 * @param answer the ticket the first execution answered with, null while it runs
 */
public record KeyRecord(String fingerprint, String request, String ticketId, String token,
    Instant leaseEnd, Instant expiresAt, Ticket answer) {

  public boolean completed() {
    return answer != null;
  }
}
