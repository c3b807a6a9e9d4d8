package dev.tickets.api.ticket.idempotency;

import dev.tickets.api.ticket.Ticket;
import java.time.Instant;

/**
 * A key as stored: claimed by one execution until {@code leaseEnd}, then answered with the
 * execution's ticket; ignored (and removed by the store) after {@code expiresAt}.
 *
 * @param fingerprint the fingerprint of the request that claimed it
 * @param request its method and path
 * @param ticketId the ticket it writes
 * @param claim names this use of the key: kept when another execution takes the key over, new when
 *     an expired key is used again; the ticket write records it
 * @param token the claim of the execution that holds it
 * @param leaseEnd until when that execution holds it
 * @param expiresAt when the key is forgotten
 * @param answer the ticket the first execution answered with, null while it runs
 * @param revision grows by one with every change of the record; each change is conditional on it
 */
public record KeyRecord(
    String fingerprint,
    String request,
    String ticketId,
    String claim,
    String token,
    Instant leaseEnd,
    Instant expiresAt,
    Ticket answer,
    long revision) {

  public boolean answered() {
    return answer != null;
  }

  KeyRecord answeredWith(Ticket ticket) {
    return new KeyRecord(
        fingerprint, request, ticketId, claim, token, leaseEnd, expiresAt, ticket, revision);
  }

  KeyRecord heldBy(String newToken, Instant newLeaseEnd) {
    return new KeyRecord(
        fingerprint, request, ticketId, claim, newToken, newLeaseEnd, expiresAt, answer, revision);
  }

  public KeyRecord atRevision(long newRevision) {
    return new KeyRecord(
        fingerprint, request, ticketId, claim, token, leaseEnd, expiresAt, answer, newRevision);
  }
}
