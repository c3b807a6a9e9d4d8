package dev.tickets.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import dev.tickets.events.TicketCreated;
import dev.tickets.events.TicketEvent;
import dev.tickets.events.TicketUpdated;

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
  void nextIsTheFollowingVersionOfTheSameTicketWithNewContent() {
    TicketEvent created = TicketEvents.created("t-1", "Opera", new BigDecimal("80.00"), "bob");

    TicketEvent next = TicketEvents.next(created);

    assertThat(next.ticketId()).isEqualTo("t-1");
    assertThat(next.version()).isEqualTo(1);
    assertThat(next.title()).isNotEqualTo(created.title());
    assertThat(next.userId()).isEqualTo("bob");
    assertThat(next.eventId()).isNotEqualTo(created.eventId());
  }

  @Test
  void aDuplicateIsTheSameEventAndAGapSkipsVersions() {
    TicketEvent created = TicketEvents.created("t-1");

    assertThat(TicketEvents.duplicate(created)).isEqualTo(created);
    assertThat(TicketEvents.gap(created, 2).version()).isEqualTo(3);
    assertThat(TicketEvents.history("t-1", 2)).extracting(TicketEvent::version).containsExactly(0L, 1L, 2L);
  }

  @Test
  void refusesEventsThatAreNotWhatTheirNameSays() {
    assertThatIllegalArgumentException().isThrownBy(() -> TicketEvents.updated("t-1", 0));
    assertThatIllegalArgumentException().isThrownBy(() -> TicketEvents.gap(TicketEvents.created("t-1"), 0));
  }
}
