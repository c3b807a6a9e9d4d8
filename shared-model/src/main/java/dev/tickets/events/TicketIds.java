package dev.tickets.events;

import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The ticket id rule both services answer by: an id is {@value #DIGITS} (a MongoDB ObjectId in
 * hex); anything else cannot name a ticket and is refused as {@value #PROBLEM_TYPE} (400, title
 * {@value #PROBLEM_TITLE}, detail {@link #malformed(String)}) by ticket-api and by the projector's
 * read API alike.
 */
public final class TicketIds {

  /** The rule in words, as problem details and the OpenAPI documents state it. */
  public static final String DIGITS = "24 lower-case hex digits";

  /** The rule as a regular expression, unanchored (OpenAPI patterns anchor it). */
  public static final String REGEX = "[0-9a-f]{24}";

  /** The last segment of the problem type of a malformed id. */
  public static final String PROBLEM_TYPE = "malformed-ticket-id";

  /** The problem title of a malformed id. */
  public static final String PROBLEM_TITLE = "Malformed ticket id";

  private static final Pattern FORMAT = Pattern.compile(REGEX);
  private static final int SHOWN = 40;

  private TicketIds() {}

  public static boolean isWellFormed(String id) {
    return id != null && FORMAT.matcher(id).matches();
  }

  /** Returns {@code id}, or throws what {@code refusal} makes of {@code id}. */
  public static String require(String id, Function<String, ? extends RuntimeException> refusal) {
    if (!isWellFormed(id)) {
      throw refusal.apply(id);
    }
    return id;
  }

  /** The problem detail for the malformed {@code id} (shown up to 40 characters). */
  public static String malformed(String id) {
    String shown = id == null ? "" : id.length() > SHOWN ? id.substring(0, SHOWN) + "..." : id;
    return "Ticket id must be " + DIGITS + ", was '" + shown + "'";
  }
}
