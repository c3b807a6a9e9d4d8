package dev.tickets.api.ticket;

import java.util.regex.Pattern;

/**
 * Ticket ids are 24 lower-case hex digits (a MongoDB ObjectId in hex); anything else is malformed.
 */
public final class TicketIds {

  private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{24}");

  private TicketIds() {}

  public static boolean isWellFormed(String id) {
    return id != null && FORMAT.matcher(id).matches();
  }

  /** Returns {@code id}, or throws {@link MalformedTicketId}. */
  public static String require(String id) {
    if (!isWellFormed(id)) {
      throw new MalformedTicketId(id);
    }
    return id;
  }
}
