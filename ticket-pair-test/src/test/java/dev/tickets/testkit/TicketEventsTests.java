package dev.tickets.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.tickets.events.TicketCreated;
import dev.tickets.events.TicketEvent;
import dev.tickets.events.TicketEventCodec;
import dev.tickets.events.TicketUpdated;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class TicketEventsTests {

  @Test
  void theStandardEventIsTitledAndPricedAfterItsVersion() {
    TicketEvent third = TicketEvents.version("t-1", 3);

    assertThat(third).isInstanceOf(TicketUpdated.class);
    assertThat(third.title()).isEqualTo("concert v3");
    assertThat(third.price()).isEqualByComparingTo("23.00");
    assertThat(third.userId()).isEqualTo(TicketEvents.USER);
    assertThat(TicketEvents.created("t-1")).isInstanceOf(TicketCreated.class);
  }

  @Test
  void theSameArgumentsGiveEqualEvents() {
    assertThat(TicketEvents.version("t-1", 1)).isEqualTo(TicketEvents.version("t-1", 1));
    assertThat(TicketEvents.version("t-1", 1).eventId())
        .isNotEqualTo(TicketEvents.version("t-1", 2).eventId());
  }

  @Test
  void nextAndGapKeepToTheStandardScheme() {
    TicketEvent created = TicketEvents.created("t-1");

    assertThat(TicketEvents.next(created)).isEqualTo(TicketEvents.version("t-1", 1));
    assertThat(TicketEvents.gap(created, 2)).isEqualTo(TicketEvents.version("t-1", 3));
  }

  @Test
  void nextAndGapKeepAnotherEventsContentAndOwner() {
    TicketEvent created = TicketEvents.created("t-1", "Opera", new BigDecimal("80.00"), "bob");

    TicketEvent next = TicketEvents.next(created);
    TicketEvent later = TicketEvents.gap(created, 1);

    assertThat(next.version()).isEqualTo(1);
    assertThat(later.version()).isEqualTo(2);
    assertThat(List.of(next, later))
        .allSatisfy(
            event -> {
              assertThat(event.ticketId()).isEqualTo("t-1");
              assertThat(event.title()).isEqualTo("Opera");
              assertThat(event.userId()).isEqualTo("bob");
              assertThat(event).isInstanceOf(TicketUpdated.class);
            });
  }

  @Test
  void aDuplicateIsAnEqualEvent() {
    TicketEvent event =
        TicketEvents.next(
            TicketEvents.created("t-1", "Opera", BigDecimal.TEN, "bob"), "Ballet", BigDecimal.ONE);

    assertThat(TicketEvents.duplicate(event)).isEqualTo(event).isNotSameAs(event);
    assertThat(TicketEvents.history("t-1", 2))
        .extracting(TicketEvent::version)
        .containsExactly(0L, 1L, 2L);
  }

  @Test
  void refusesEventsThatAreNotWhatTheirNameSays() {
    assertThatIllegalArgumentException().isThrownBy(() -> TicketEvents.updated("t-1", 0));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TicketEvents.gap(TicketEvents.created("t-1"), 0));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TicketEvents.version("t-1", -1))
        .withMessageContaining("at least 0");
  }

  @Test
  void readsOneTicketsEventsAndFirstVersionsFromALog() {
    TicketEventCodec codec = new TicketEventCodec();
    List<ConsumerRecord<String, byte[]>> log = new ArrayList<>();
    for (TicketEvent event :
        List.of(
            TicketEvents.version("t-1", 0),
            TicketEvents.version("t-2", 0),
            TicketEvents.version("t-1", 1),
            TicketEvents.version("t-1", 0),
            TicketEvents.version("t-1", 2))) {
      log.add(new ConsumerRecord<>("events", 0, log.size(), event.ticketId(), codec.encode(event)));
    }

    assertThat(TicketEvents.ofTicket(log, "t-1"))
        .extracting(TicketEvent::version)
        .containsExactly(0L, 1L, 0L, 2L);
    assertThat(TicketEvents.ofTicket(log, "t-2")).containsExactly(TicketEvents.version("t-2", 0));
    assertThat(TicketEvents.firstVersions(log, "t-1")).containsExactly(0L, 1L, 2L);
  }
}
