package dev.tickets.api.ticket.idempotency;

/**
 * The key was first used for another request (another method, path or body): answered 422. The
 * detail names what differs as far as the stored key tells: it keeps the first request's method and
 * path, and of its body only a fingerprint, so when method and path are the same, the body differs.
 */
public class IdempotencyKeyReused extends RuntimeException {

  private static final String ANOTHER_REQUEST = "another request (method, path or body)";
  private static final String NEW_KEY = "use a new key for a new request";

  /** What the refusal means, as the OpenAPI document and the README state it. */
  public static final String MEANING =
      "this `Idempotency-Key` was first used for " + ANOTHER_REQUEST + "; " + NEW_KEY;

  /**
   * @param firstRequest the method and path the key was first used for, null when not known
   * @param thisRequest the method and path of the refused request
   */
  public IdempotencyKeyReused(String key, String firstRequest, String thisRequest) {
    super(
        "Idempotency-Key '"
            + key
            + "' was first used for "
            + difference(firstRequest, thisRequest)
            + "; "
            + NEW_KEY);
  }

  private static String difference(String firstRequest, String thisRequest) {
    String[] first = methodAndPath(firstRequest);
    String[] now = methodAndPath(thisRequest);
    if (first == null || now == null) {
      return ANOTHER_REQUEST;
    }
    boolean method = !first[0].equals(now[0]);
    boolean path = !first[1].equals(now[1]);
    String what = method && path ? "method and path" : method ? "method" : path ? "path" : "body";
    return "a request with another " + what + " (" + firstRequest + ")";
  }

  private static String[] methodAndPath(String request) {
    int space = request == null ? -1 : request.indexOf(' ');
    return space < 0
        ? null
        : new String[] {request.substring(0, space), request.substring(space + 1)};
  }
}
