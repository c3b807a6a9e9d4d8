package dev.tickets.projector.projection;

import static dev.tickets.testkit.TestDelivery.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tickets.testkit.ProjectionHarness;
import dev.tickets.testkit.TestDelivery;
import dev.tickets.testkit.TicketEvents;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** The projection step against an in-memory store; ported from the original listener's tests. */
class ProjectionTests {

  static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(5);

  final ProjectionHarness harness = new ProjectionHarness();

  @Test
  void createsAndSavesATicket() {
    harness
        .project(event("t-1", 0))
        .as(StepVerifier::create)
        .expectNext(ProjectionOutcome.APPLIED)
        .expectComplete()
        .verify(VERIFY_TIMEOUT);

    assertThat(harness.store().get("t-1"))
        .isEqualTo(new TicketReplica("t-1", "concert v0", new BigDecimal("20.00"), "user-1", 0));
  }

  @Test
  void acknowledgesACreatedEvent() {
    TestDelivery created = event("t-1", 0);

    harness
        .project(created)
        .as(StepVerifier::create)
        .expectNextCount(1)
        .expectComplete()
        .verify(VERIFY_TIMEOUT);

    assertThat(created.acknowledgedCount()).isEqualTo(1);
  }

  @Test
  void findsUpdatesAndSavesTheNextVersion() {
    harness.holding(TicketEvents.version("t-1", 0));

    harness
        .project(event("t-1", 1))
        .as(StepVerifier::create)
        .expectNext(ProjectionOutcome.APPLIED)
        .expectComplete()
        .verify(VERIFY_TIMEOUT);

    assertThat(harness.store().get("t-1"))
        .isEqualTo(new TicketReplica("t-1", "concert v1", new BigDecimal("21.00"), "user-1", 1));
  }

  @Test
  void acknowledgesTheNextVersion() {
    harness.holding(TicketEvents.version("t-1", 0));
    TestDelivery updated = event("t-1", 1);

    harness
        .project(updated)
        .as(StepVerifier::create)
        .expectNextCount(1)
        .expectComplete()
        .verify(VERIFY_TIMEOUT);

    assertThat(updated.acknowledgedCount()).isEqualTo(1);
  }

  @Test
  void doesNotAcknowledgeIfEventsAreOutOfSync() {
    TicketReplica atZero = TicketReplica.of(TicketEvents.version("t-1", 0));
    harness.store().holding(atZero);
    TestDelivery tenth = event("t-1", 10);

    StepVerifier.withVirtualTime(() -> harness.project(tenth))
        .expectSubscription()
        .expectNoEvent(ProjectionHarness.GAP_TIMEOUT.minusSeconds(1))
        .thenCancel()
        .verify(VERIFY_TIMEOUT);

    assertThat(tenth.acknowledged()).isFalse();
    assertThat(harness.store().get("t-1")).isEqualTo(atZero);
    assertThat(harness.deadLetters().parked()).isEmpty();
    assertThat(harness.registry().counter("projector.gap.retries").count()).isPositive();
  }

  @Test
  void acknowledgesADuplicateAndChangesNothing() {
    TicketReplica atThree = TicketReplica.of(TicketEvents.version("t-1", 3));
    harness.store().holding(atThree);
    TestDelivery replayed = event("t-1", 2);

    harness
        .project(replayed)
        .as(StepVerifier::create)
        .expectNext(ProjectionOutcome.DUPLICATE)
        .expectComplete()
        .verify(VERIFY_TIMEOUT);

    assertThat(replayed.acknowledgedCount()).isEqualTo(1);
    assertThat(harness.store().get("t-1")).isEqualTo(atThree);
    assertThat(
            harness
                .registry()
                .get("projector.records")
                .tag("outcome", "duplicate")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void acknowledgesARedeliveredCreateAndKeepsTheLaterReplica() {
    TicketReplica atTwo = TicketReplica.of(TicketEvents.version("t-1", 2));
    harness.store().holding(atTwo);

    harness
        .project(event("t-1", 0))
        .as(StepVerifier::create)
        .expectNext(ProjectionOutcome.DUPLICATE)
        .expectComplete()
        .verify(VERIFY_TIMEOUT);

    assertThat(harness.store().get("t-1")).isEqualTo(atTwo);
  }
}
