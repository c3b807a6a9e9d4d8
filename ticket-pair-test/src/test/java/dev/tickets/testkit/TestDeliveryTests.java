package dev.tickets.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tickets.events.TicketEvent;
import dev.tickets.events.TicketEventCodec;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TestDeliveryTests {

  @Test
  void carriesTheEventInItsWireFormKeyedByTicket() {
    TestDelivery delivery = TestDelivery.of(TicketEvents.version("t-1", 2), 3, 40);

    assertThat(delivery.key()).isEqualTo("t-1");
    TicketEvent decoded = new TicketEventCodec().decode(delivery.value());
    assertThat(decoded.ticketId()).isEqualTo("t-1");
    assertThat(decoded.version()).isEqualTo(2);
    assertThat(decoded.title()).isEqualTo("concert v2");
    assertThat(delivery.describe()).isEqualTo("ticket-events-3@40");
  }

  @Test
  void countsItsAcknowledgementsAndRunsTheCheckAtEachOne() {
    AtomicInteger checks = new AtomicInteger();
    TestDelivery delivery = TestDelivery.event("t-1", 0).onAcknowledge(checks::incrementAndGet);
    assertThat(delivery.acknowledged()).isFalse();

    delivery.acknowledge();
    delivery.acknowledge();

    assertThat(delivery.acknowledged()).isTrue();
    assertThat(delivery.acknowledgedCount()).isEqualTo(2);
    assertThat(checks).hasValue(2);
  }
}
