package dev.tickets.api.ticket.idempotency;

/**
 * A client's {@code Idempotency-Key}, scoped to its caller: two callers may use the same key.
 *
 * @param caller the token's {@code sub}
 * @param key the header's value, 1 to {@value #MAX_LENGTH} visible ASCII characters
 */
public record IdempotencyKey(String caller, String key) {

  public static final int MAX_LENGTH = 255;

  public IdempotencyKey {
    if (caller == null || caller.isEmpty()) {
      throw new IllegalArgumentException("An idempotency key needs a caller");
    }
    if (problem(key) != null) {
      throw new IllegalArgumentException(problem(key));
    }
  }

  /** Why {@code key} is not a valid key, or null when it is. */
  public static String problem(String key) {
    if (key == null || key.isEmpty()) {
      return "Idempotency-Key must not be empty";
    }
    if (key.length() > MAX_LENGTH) {
      return "Idempotency-Key must be at most " + MAX_LENGTH + " characters, not " + key.length();
    }
    if (!key.chars().allMatch(c -> c >= 0x21 && c <= 0x7E)) {
      return "Idempotency-Key must consist of visible ASCII characters";
    }
    return null;
  }
}
