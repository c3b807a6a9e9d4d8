package dev.tickets.consistency;

import dev.tickets.events.DeadLetterHeaders;
import dev.tickets.events.TicketEvent;
import dev.tickets.events.TicketEventCodec;
import dev.tickets.events.TicketTopics;
import dev.tickets.infra.KafkaTestClient;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

/** Reads the event log and its dead-letter topic from the beginning to their current end. */
final class EventLog {

  private static final TicketEventCodec CODEC = new TicketEventCodec();

  private final KafkaTestClient kafka;

  EventLog(String bootstrapServers) {
    this.kafka = new KafkaTestClient(bootstrapServers);
  }

  /** Every record of {@code ticket-events} about {@code tickets}. */
  List<LoggedEvent> events(Set<String> tickets) {
    return kafka.readToEnd(TicketTopics.EVENTS).stream()
        .filter(record -> tickets.contains(record.key()))
        .map(
            record -> {
              TicketEvent event = CODEC.decode(record.value());
              return new LoggedEvent(
                  record.key(),
                  event.version(),
                  event.title(),
                  event.price(),
                  record.partition(),
                  record.offset());
            })
        .toList();
  }

  /** Every record of the dead-letter topic about {@code tickets}. */
  List<ParkedEvent> parked(Set<String> tickets) {
    return kafka.readToEnd(TicketTopics.deadLetterOf(TicketTopics.EVENTS)).stream()
        .filter(record -> tickets.contains(record.key()))
        .map(
            record -> {
              String reason = KafkaTestClient.header(record, DeadLetterHeaders.REASON);
              return new ParkedEvent(record.key(), reason == null ? "(no reason)" : reason);
            })
        .toList();
  }

  /** One record of the event log ({@code ticket-events}), where it sits and what it says. */
  record LoggedEvent(
      String ticketId, long version, String title, BigDecimal price, int partition, long offset) {

    boolean carries(String otherTitle, BigDecimal otherPrice) {
      return title.equals(otherTitle) && price.compareTo(otherPrice) == 0;
    }
  }

  /** A record the projector parked on the dead-letter topic, with its {@code dlt-reason}. */
  record ParkedEvent(String ticketId, String reason) {}
}
