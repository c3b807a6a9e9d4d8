package dev.tickets.api.ticket.idempotency;

/** The key was first used for another request (another body, method or path): answered 422. */
public class IdempotencyKeyReused extends RuntimeException {

  public IdempotencyKeyReused(String key, String firstRequest) {
    super(
        "Idempotency-Key '"
            + key
            + "' was used for a different request ("
            + firstRequest
            + " with another body); use a new key for a new request");
  }
}
