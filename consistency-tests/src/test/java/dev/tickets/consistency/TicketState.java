package dev.tickets.consistency;

import java.math.BigDecimal;

/** A ticket as a store holds it: the source (ticket-api) or the replica (order-projector). */
record TicketState(String id, long version, String title, BigDecimal price, String userId) {

  /** Same version and fields; prices compared by value (20.5 equals 20.50). */
  boolean sameAs(TicketState other) {
    return other != null && version == other.version && title.equals(other.title)
        && price.compareTo(other.price) == 0 && userId.equals(other.userId);
  }
}
