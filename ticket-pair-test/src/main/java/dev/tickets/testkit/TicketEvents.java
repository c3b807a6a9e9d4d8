package dev.tickets.testkit;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;

import dev.tickets.events.TicketEvent;

/**
 * Ticket events for tests. {@link #version(String, long)} is the kit's standard event: title
 * {@code "concert v<version>"}, price 20.00 + version, owner {@code user-1}; the others derive
 * from an event, as a producer would send them.
 */
public final class TicketEvents {

  /** The owner of the kit's standard events. */
  public static final String USER = "user-1";
  /** When the kit's standard events occurred. */
  public static final Instant OCCURRED_AT = Instant.parse("2025-01-01T00:00:00Z");

  private TicketEvents() {
  }

  /** The kit's standard event of {@code ticketId} at {@code version} (0 is a TicketCreated). */
  public static TicketEvent version(String ticketId, long version) {
    return TicketEvent.of(ticketId, version, "concert v" + version,
        new BigDecimal("20.00").add(BigDecimal.valueOf(version)), USER, OCCURRED_AT);
  }

  /** Version 0 of {@code ticketId}. */
  public static TicketEvent created(String ticketId) {
    return version(ticketId, 0);
  }

  /** A TicketCreated with the given state. */
  public static TicketEvent created(String ticketId, String title, BigDecimal price, String userId) {
    return TicketEvent.of(ticketId, 0, title, price, userId, OCCURRED_AT);
  }

  /** The TicketUpdated of {@code ticketId} at {@code version} (at least 1). */
  public static TicketEvent updated(String ticketId, long version) {
    if (version < 1) {
      throw new IllegalArgumentException("an update's version is at least 1, not " + version);
    }
    return version(ticketId, version);
  }

  /** The update that follows {@code event}: version + 1, with a new title and the same price and owner. */
  public static TicketEvent next(TicketEvent event) {
    return next(event, event.title() + "'", event.price());
  }

  /** The update that follows {@code event}, with the given title and price. */
  public static TicketEvent next(TicketEvent event, String title, BigDecimal price) {
    return TicketEvent.of(event.ticketId(), event.version() + 1, title, price, event.userId(),
        event.occurredAt().plusSeconds(1));
  }

  /**
   * The same event again, as Kafka redelivers it or a producer resends it after a lost
   * acknowledgement: same id, version and content.
   */
  public static TicketEvent duplicate(TicketEvent event) {
    return event;
  }

  /** A later version of {@code event}'s ticket with {@code missing} versions between them (a gap). */
  public static TicketEvent gap(TicketEvent event, int missing) {
    if (missing < 1) {
      throw new IllegalArgumentException("a gap misses at least one version, not " + missing);
    }
    return version(event.ticketId(), event.version() + 1 + missing);
  }

  /** Versions 0 to {@code last} of {@code ticketId}, in order. */
  public static List<TicketEvent> history(String ticketId, long last) {
    return LongStream.rangeClosed(0, last).mapToObj(version -> version(ticketId, version)).toList();
  }
}
