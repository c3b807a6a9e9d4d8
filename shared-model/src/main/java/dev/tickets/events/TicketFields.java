package dev.tickets.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * The limits a ticket's fields obey, on the wire and in both services: a title of 1 to {@value
 * #MAX_TITLE_LENGTH} characters that is not blank, a price from 0 to {@link #MAX_PRICE} with at
 * most {@value #MAX_PRICE_SCALE} decimals.
 */
public final class TicketFields {

  public static final int MAX_TITLE_LENGTH = 200;
  public static final int MAX_PRICE_SCALE = 2;
  public static final BigDecimal MAX_PRICE = new BigDecimal("1000000000.00");

  private TicketFields() {}

  /** Why {@code title} is not acceptable, or {@code null} when it is. */
  public static String titleProblem(String title) {
    if (title == null || title.isBlank()) {
      return "title must not be blank";
    }
    if (title.length() > MAX_TITLE_LENGTH) {
      return "title must be at most " + MAX_TITLE_LENGTH + " characters";
    }
    return null;
  }

  /** Why {@code price} is not acceptable, or {@code null} when it is. */
  public static String priceProblem(BigDecimal price) {
    if (price == null) {
      return "price is required";
    }
    if (price.signum() < 0) {
      return "price must not be negative";
    }
    if (price.stripTrailingZeros().scale() > MAX_PRICE_SCALE) {
      return "price must have at most " + MAX_PRICE_SCALE + " decimals";
    }
    if (price.compareTo(MAX_PRICE) > 0) {
      return "price must be at most " + MAX_PRICE.toPlainString();
    }
    return null;
  }

  static void check(
      UUID eventId,
      String ticketId,
      String title,
      BigDecimal price,
      String userId,
      Instant occurredAt) {
    require(eventId != null, "eventId is required");
    require(ticketId != null && !ticketId.isBlank(), "ticketId is required");
    require(userId != null && !userId.isBlank(), "userId is required");
    require(occurredAt != null, "occurredAt is required");
    String problem = titleProblem(title);
    require(problem == null, problem);
    problem = priceProblem(price);
    require(problem == null, problem);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new InvalidTicketEvent(message);
    }
  }
}
