package dev.tickets.api.ticket.web;

import dev.tickets.events.TicketIds;

/**
 * A request for one page of tickets in id order.
 *
 * @param limit how many tickets at most, {@value #MIN_LIMIT} to {@value #MAX_LIMIT}
 * @param cursor the {@code nextCursor} of the previous page, or null for the first page
 */
record PageQuery(int limit, String cursor) {

  static final int DEFAULT_LIMIT = 20;
  static final int MIN_LIMIT = 1;
  static final int MAX_LIMIT = 100;

  /** Reads the raw query parameters; throws {@link InvalidPageRequest} for bad ones. */
  static PageQuery of(String limit, String cursor) {
    return new PageQuery(parseLimit(limit), parseCursor(cursor));
  }

  /** The query for the page after this one. */
  PageQuery next(String nextCursor) {
    return new PageQuery(limit, nextCursor);
  }

  private static int parseLimit(String limit) {
    if (limit == null) {
      return DEFAULT_LIMIT;
    }
    String problem = "limit must be a whole number from " + MIN_LIMIT + " to " + MAX_LIMIT;
    if (!limit.matches("[0-9]{1,3}")) {
      throw new InvalidPageRequest(problem);
    }
    int value = Integer.parseInt(limit);
    if (value < MIN_LIMIT || value > MAX_LIMIT) {
      throw new InvalidPageRequest(problem);
    }
    return value;
  }

  private static String parseCursor(String cursor) {
    if (cursor == null) {
      return null;
    }
    if (!TicketIds.isWellFormed(cursor)) {
      throw new InvalidPageRequest("cursor must be the nextCursor of a previous page");
    }
    return cursor;
  }
}
