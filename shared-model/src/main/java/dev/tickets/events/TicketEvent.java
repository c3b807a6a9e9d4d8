package dev.tickets.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A change of one ticket, as published on the {@link TicketTopics#EVENTS ticket-events} topic with
 * the ticket id as record key. {@link #version()} is the ticket's version after the change: 0 for
 * {@link TicketCreated}, and one more than the previous event of the same ticket for {@link
 * TicketUpdated}. Each event carries the ticket's complete state, so a consumer that holds version
 * {@code v - 1} needs nothing else to hold version {@code v}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = TicketCreated.class, name = "TicketCreated"),
  @JsonSubTypes.Type(value = TicketUpdated.class, name = "TicketUpdated")
})
public sealed interface TicketEvent permits TicketCreated, TicketUpdated {

  UUID eventId();

  String ticketId();

  long version();

  String title();

  BigDecimal price();

  String userId();

  Instant occurredAt();

  /** The event that records a ticket reaching {@code version} with the given state. */
  static TicketEvent of(
      String ticketId,
      long version,
      String title,
      BigDecimal price,
      String userId,
      Instant occurredAt) {
    UUID eventId = UUID.randomUUID();
    return version == 0
        ? new TicketCreated(eventId, ticketId, version, title, price, userId, occurredAt)
        : new TicketUpdated(eventId, ticketId, version, title, price, userId, occurredAt);
  }
}
