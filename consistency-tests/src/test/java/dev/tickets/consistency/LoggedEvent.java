package dev.tickets.consistency;

import java.math.BigDecimal;

/** One record of the event log ({@code ticket-events}), where it sits and what it says. */
record LoggedEvent(String ticketId, long version, String title, BigDecimal price, int partition, long offset) {

  boolean carries(String otherTitle, BigDecimal otherPrice) {
    return title.equals(otherTitle) && price.compareTo(otherPrice) == 0;
  }
}
