package dev.tickets.consistency;

import java.math.BigDecimal;

/**
 * One HTTP write a client attempted and what it was told.
 *
 * @param ticketId the ticket (for a create: the id the answer named, or null when there was none)
 * @param client which client sent it
 * @param create a POST (version 0) rather than a conditional PUT
 * @param expectedVersion the PUT's {@code If-Match} version (-1 for a create)
 * @param title the title sent, unique per attempt, so the log shows whose write a version holds
 * @param price the price sent
 * @param answer what the client was told
 * @param version the new version for {@link Answer#ACKNOWLEDGED}, {@code currentVersion} for
 *     {@link Answer#STALE}, otherwise -1
 * @param status the HTTP status, or 0 when no answer arrived
 */
record Attempt(String ticketId, int client, boolean create, long expectedVersion, String title,
    BigDecimal price, Answer answer, long version, int status) {

  /** What a write's client was told. */
  enum Answer {
    /** 2xx: the write is persisted at {@code version}. */
    ACKNOWLEDGED,
    /** 412: the expected version was not the stored one, which was {@code currentVersion}. */
    STALE,
    /** Any other 4xx: the client's request was refused. */
    REFUSED,
    /** 5xx: the service said it failed; the write may or may not have happened. */
    FAILED,
    /** No answer (connection refused or reset, timeout): the write may or may not have happened. */
    INDETERMINATE
  }
}
