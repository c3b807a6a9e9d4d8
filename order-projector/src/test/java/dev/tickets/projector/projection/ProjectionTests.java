package dev.tickets.projector.projection;

import static dev.tickets.testkit.TestDelivery.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import dev.tickets.events.ParkReason;
import reactor.test.StepVerifier;
import dev.tickets.testkit.TicketEvents;
import dev.tickets.testkit.TestDelivery;

/** The projection step against an in-memory store; ported from the original listener's tests. */
class ProjectionTests extends ProjectionFixture {

  @Test
  void createsAndSavesATicket() {
    projection.project(event("t-1", 0)).as(StepVerifier::create)
        .expectNext(ProjectionOutcome.APPLIED).expectComplete().verify(VERIFY_TIMEOUT);

    assertThat(store.get("t-1")).isEqualTo(
        new TicketReplica("t-1", "concert v0", new BigDecimal("20.00"), "user-1", 0));
  }

  @Test
  void acknowledgesACreatedEvent() {
    TestDelivery created = event("t-1", 0);

    projection.project(created).as(StepVerifier::create)
        .expectNextCount(1).expectComplete().verify(VERIFY_TIMEOUT);

    assertThat(created.acknowledgedCount()).isEqualTo(1);
  }

  @Test
  void findsUpdatesAndSavesTheNextVersion() {
    store.holding(TicketReplica.of(TicketEvents.version("t-1", 0)));

    projection.project(event("t-1", 1)).as(StepVerifier::create)
        .expectNext(ProjectionOutcome.APPLIED).expectComplete().verify(VERIFY_TIMEOUT);

    assertThat(store.get("t-1")).isEqualTo(
        new TicketReplica("t-1", "concert v1", new BigDecimal("21.00"), "user-1", 1));
  }

  @Test
  void acknowledgesTheNextVersion() {
    store.holding(TicketReplica.of(TicketEvents.version("t-1", 0)));
    TestDelivery updated = event("t-1", 1);

    projection.project(updated).as(StepVerifier::create)
        .expectNextCount(1).expectComplete().verify(VERIFY_TIMEOUT);

    assertThat(updated.acknowledgedCount()).isEqualTo(1);
  }

  @Test
  void doesNotAcknowledgeIfEventsAreOutOfSync() {
    TicketReplica atZero = TicketReplica.of(TicketEvents.version("t-1", 0));
    store.holding(atZero);
    TestDelivery tenth = event("t-1", 10);

    StepVerifier.withVirtualTime(() -> projection.project(tenth))
        .expectSubscription()
        .expectNoEvent(GAP_TIMEOUT.minusSeconds(1))
        .thenCancel()
        .verify(VERIFY_TIMEOUT);

    assertThat(tenth.acknowledged()).isFalse();
    assertThat(store.get("t-1")).isEqualTo(atZero);
    assertThat(deadLetters.parked()).isEmpty();
    assertThat(registry.counter("projector.gap.retries").count()).isPositive();
  }

  @Test
  void acknowledgesADuplicateAndChangesNothing() {
    TicketReplica atThree = TicketReplica.of(TicketEvents.version("t-1", 3));
    store.holding(atThree);
    TestDelivery replayed = event("t-1", 2);

    projection.project(replayed).as(StepVerifier::create)
        .expectNext(ProjectionOutcome.DUPLICATE).expectComplete().verify(VERIFY_TIMEOUT);

    assertThat(replayed.acknowledgedCount()).isEqualTo(1);
    assertThat(store.get("t-1")).isEqualTo(atThree);
    assertThat(registry.get("projector.records").tag("outcome", "duplicate").counter().count())
        .isEqualTo(1);
  }

  @Test
  void acknowledgesARedeliveredCreateAndKeepsTheLaterReplica() {
    TicketReplica atTwo = TicketReplica.of(TicketEvents.version("t-1", 2));
    store.holding(atTwo);

    projection.project(event("t-1", 0)).as(StepVerifier::create)
        .expectNext(ProjectionOutcome.DUPLICATE).expectComplete().verify(VERIFY_TIMEOUT);

    assertThat(store.get("t-1")).isEqualTo(atTwo);
  }
}
