package dev.tickets.events;

/** Default topic names of the event contract; both are configurable in the services. */
public final class TicketTopics {

  /** Ticket events, keyed by ticket id. */
  public static final String EVENTS = "ticket-events";

  /** Suffix of the dead-letter topic that holds records the projector parked. */
  public static final String DEAD_LETTER_SUFFIX = ".DLT";

  private TicketTopics() {}

  /** The dead-letter topic of {@code topic}, e.g. {@code ticket-events.DLT}. */
  public static String deadLetterOf(String topic) {
    return topic + DEAD_LETTER_SUFFIX;
  }
}
