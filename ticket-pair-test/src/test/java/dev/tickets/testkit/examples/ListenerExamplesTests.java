package dev.tickets.testkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tickets.events.TicketEvent;
import dev.tickets.projector.projection.ProjectionOutcome;
import dev.tickets.projector.projection.TicketReplica;
import dev.tickets.testkit.ProjectionHarness;
import dev.tickets.testkit.TestDelivery;
import dev.tickets.testkit.TicketEvents;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * The original design's listener tests, written with the kit (docs/testing.md quotes them). Each
 * builds the projection step on in-memory stores, makes an event and a delivery whose
 * acknowledgement can be asserted, runs the step with StepVerifier, then checks the store and the
 * acknowledgement.
 */
class ListenerExamplesTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final ProjectionHarness projector = new ProjectionHarness();

  @Test
  void createsAndSavesATicket() {
    TicketEvent created =
        TicketEvents.created("ticket-1", "Concert", new BigDecimal("20.00"), "alice");

    StepVerifier.create(projector.project(TestDelivery.of(created)))
        .expectNext(ProjectionOutcome.APPLIED)
        .expectComplete()
        .verify(TIMEOUT);

    assertThat(projector.replica("ticket-1"))
        .isEqualTo(new TicketReplica("ticket-1", "Concert", new BigDecimal("20.00"), "alice", 0));
  }

  @Test
  void acksTheMessage() {
    TestDelivery delivery = TestDelivery.of(TicketEvents.created("ticket-1"));

    StepVerifier.create(projector.project(delivery))
        .expectNextCount(1)
        .expectComplete()
        .verify(TIMEOUT);

    assertThat(delivery.acknowledged()).isTrue();
    assertThat(delivery.acknowledgedCount()).isEqualTo(1);
  }

  @Test
  void doesNotAckWhenOutOfSync() {
    TicketEvent created = TicketEvents.created("ticket-1");
    projector.holding(created);
    TestDelivery skipsAVersion = TestDelivery.of(TicketEvents.gap(created, 1));

    // The event waits for version 1 (for gap-timeout, then it would be parked): virtual time
    // shows it is still not acknowledged just before that.
    StepVerifier.withVirtualTime(() -> projector.project(skipsAVersion))
        .expectSubscription()
        .expectNoEvent(ProjectionHarness.GAP_TIMEOUT.minusSeconds(1))
        .thenCancel()
        .verify(TIMEOUT);

    assertThat(skipsAVersion.acknowledged()).isFalse();
    assertThat(projector.replica("ticket-1").version()).isZero();
  }

  @Test
  void implementsOptimisticConcurrencyControl() {
    TicketEvent created = TicketEvents.created("ticket-1");
    projector.holding(created);
    ProjectionHarness otherInstance = projector.anotherInstance();
    TicketEvent versionOne = TicketEvents.next(created);
    TestDelivery first = TestDelivery.of(versionOne);
    TestDelivery sameRecordElsewhere = TestDelivery.of(TicketEvents.duplicate(versionOne));

    // Two instances handed version 1 (as around a rebalance): the conditional write lets exactly
    // one of them apply it; the other finds it already there, a duplicate, and acknowledges it.
    StepVerifier.create(
            Flux.merge(projector.project(first), otherInstance.project(sameRecordElsewhere))
                .collectList())
        .assertNext(
            outcomes ->
                assertThat(outcomes)
                    .containsExactlyInAnyOrder(
                        ProjectionOutcome.APPLIED, ProjectionOutcome.DUPLICATE))
        .expectComplete()
        .verify(TIMEOUT);

    assertThat(projector.replica("ticket-1").version()).isEqualTo(1);
    assertThat(first.acknowledgedCount() + sameRecordElsewhere.acknowledgedCount()).isEqualTo(2);
  }

  @Test
  void incrementsTheVersionByOne() {
    TicketEvent created = TicketEvents.created("ticket-1");
    TicketEvent first = TicketEvents.next(created);
    TicketEvent second = TicketEvents.next(first);

    for (TicketEvent event : new TicketEvent[] {created, first, second}) {
      StepVerifier.create(projector.project(TestDelivery.of(event)))
          .expectNext(ProjectionOutcome.APPLIED)
          .expectComplete()
          .verify(TIMEOUT);
      assertThat(projector.replica("ticket-1").version()).isEqualTo(event.version());
    }
  }
}
