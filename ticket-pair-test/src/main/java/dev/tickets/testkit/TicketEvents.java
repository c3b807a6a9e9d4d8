package dev.tickets.testkit;

import dev.tickets.events.TicketCreated;
import dev.tickets.events.TicketEvent;
import dev.tickets.events.TicketEventCodec;
import dev.tickets.events.TicketUpdated;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Ticket events for tests, deterministic: the same arguments give equal events (the event id is
 * derived from the ticket, version and content), so a test can compare them.
 *
 * <p>{@link #version(String, long)} is the kit's standard event: title {@code "concert
 * v<version>"}, price 20.00 + version, owner {@link #USER}. {@link #next} and {@link #gap} keep to
 * that scheme for standard events; for any other event they keep its title, price and owner and
 * change the version.
 */
public final class TicketEvents {

  /** The owner of the kit's standard events. */
  public static final String USER = "user-1";

  /** When the kit's standard events occurred. */
  public static final Instant OCCURRED_AT = Instant.parse("2025-01-01T00:00:00Z");

  private static final TicketEventCodec CODEC = new TicketEventCodec();

  private TicketEvents() {}

  /** The kit's standard event of {@code ticketId} at {@code version} (0 is a TicketCreated). */
  public static TicketEvent version(String ticketId, long version) {
    return of(
        ticketId,
        version,
        standardTitle(version),
        new BigDecimal("20.00").add(BigDecimal.valueOf(version)),
        USER,
        OCCURRED_AT);
  }

  /** Version 0 of {@code ticketId}, the kit's standard event. */
  public static TicketEvent created(String ticketId) {
    return version(ticketId, 0);
  }

  /** A TicketCreated with the given state. */
  public static TicketEvent created(
      String ticketId, String title, BigDecimal price, String userId) {
    return of(ticketId, 0, title, price, userId, OCCURRED_AT);
  }

  /** The kit's standard TicketUpdated of {@code ticketId} at {@code version} (at least 1). */
  public static TicketEvent updated(String ticketId, long version) {
    if (version < 1) {
      throw new IllegalArgumentException("an update's version is at least 1, not " + version);
    }
    return version(ticketId, version);
  }

  /**
   * The update that follows {@code event}: its version + 1 (see the class comment for the content).
   */
  public static TicketEvent next(TicketEvent event) {
    return later(event, event.version() + 1);
  }

  /** The update that follows {@code event}, with the given title and price. */
  public static TicketEvent next(TicketEvent event, String title, BigDecimal price) {
    return of(
        event.ticketId(), event.version() + 1, title, price, event.userId(), event.occurredAt());
  }

  /**
   * The same event again, as Kafka redelivers it or a producer resends it after a lost
   * acknowledgement: an equal event (same id, version and content).
   */
  public static TicketEvent duplicate(TicketEvent event) {
    return of(
        event.ticketId(),
        event.version(),
        event.title(),
        event.price(),
        event.userId(),
        event.occurredAt());
  }

  /**
   * A later update of {@code event}'s ticket with {@code missing} versions between them (a gap):
   * version + 1 + missing.
   */
  public static TicketEvent gap(TicketEvent event, int missing) {
    if (missing < 1) {
      throw new IllegalArgumentException("a gap misses at least one version, not " + missing);
    }
    return later(event, event.version() + 1 + missing);
  }

  /** Versions 0 to {@code last} of {@code ticketId}, standard events, in order. */
  public static List<TicketEvent> history(String ticketId, long last) {
    return LongStream.rangeClosed(0, last).mapToObj(version -> version(ticketId, version)).toList();
  }

  private static TicketEvent later(TicketEvent event, long version) {
    return event.title().equals(standardTitle(event.version())) && USER.equals(event.userId())
        ? version(event.ticketId(), version)
        : of(
            event.ticketId(),
            version,
            event.title(),
            event.price(),
            event.userId(),
            event.occurredAt());
  }

  private static String standardTitle(long version) {
    return "concert v" + version;
  }

  private static TicketEvent of(
      String ticketId,
      long version,
      String title,
      BigDecimal price,
      String userId,
      Instant occurredAt) {
    if (version < 0) {
      throw new IllegalArgumentException("a ticket's version is at least 0, not " + version);
    }
    UUID eventId =
        UUID.nameUUIDFromBytes(
            (ticketId
                    + "/"
                    + version
                    + "/"
                    + title
                    + "/"
                    + price.toPlainString()
                    + "/"
                    + userId
                    + "/"
                    + occurredAt)
                .getBytes(StandardCharsets.UTF_8));
    return version == 0
        ? new TicketCreated(eventId, ticketId, version, title, price, userId, occurredAt)
        : new TicketUpdated(eventId, ticketId, version, title, price, userId, occurredAt);
  }

  /**
   * The events of {@code ticketId} among records read from an event topic (for instance with {@code
   * KafkaTestClient.readToEnd}), in their order there: log order, as one ticket's events share a
   * partition.
   */
  public static List<TicketEvent> ofTicket(
      List<ConsumerRecord<String, byte[]>> log, String ticketId) {
    return log.stream()
        .filter(record -> ticketId.equals(record.key()))
        .map(record -> CODEC.decode(record.value()))
        .toList();
  }

  /** The versions of {@code ticketId} in the order their first copy appears in {@code log}. */
  public static List<Long> firstVersions(
      List<ConsumerRecord<String, byte[]>> log, String ticketId) {
    return ofTicket(log, ticketId).stream().map(TicketEvent::version).distinct().toList();
  }
}
