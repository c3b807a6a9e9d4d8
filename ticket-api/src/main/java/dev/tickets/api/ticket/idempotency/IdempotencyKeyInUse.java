package dev.tickets.api.ticket.idempotency;

/** The first request with the key is still being executed: answered 409; retry later. */
public class IdempotencyKeyInUse extends RuntimeException {

  public IdempotencyKeyInUse(String key) {
    super("A request with Idempotency-Key '" + key + "' is still being processed; retry later");
  }
}
