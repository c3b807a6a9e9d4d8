package dev.tickets.projector.projection;

import static dev.tickets.testkit.TestDelivery.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tickets.events.ParkReason;
import dev.tickets.testkit.ProjectionHarness;
import dev.tickets.testkit.RecordingDeadLetters;
import dev.tickets.testkit.TestDelivery;
import dev.tickets.testkit.TicketEvents;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Gaps, poison records and parked tickets in the projection step. */
class ParkingTests {

  static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(5);

  final ProjectionHarness harness = new ProjectionHarness();

  @Test
  void appliesAGapOnceTheMissingVersionArrives() {
    harness.holding(TicketEvents.version("t-1", 0));
    TestDelivery second = event("t-1", 2);

    StepVerifier.withVirtualTime(() -> harness.project(second))
        .expectSubscription()
        .expectNoEvent(Duration.ofSeconds(10))
        .then(() -> harness.holding(TicketEvents.version("t-1", 1)))
        .thenAwait(Duration.ofSeconds(3))
        .expectNext(ProjectionOutcome.APPLIED)
        .expectComplete()
        .verify(VERIFY_TIMEOUT);

    assertThat(harness.store().get("t-1").version()).isEqualTo(2);
    assertThat(second.acknowledgedCount()).isEqualTo(1);
    assertThat(harness.deadLetters().parked()).isEmpty();
  }

  @Test
  void parksRecordAfterGapTimeout() {
    harness.holding(TicketEvents.version("t-1", 0));
    TestDelivery third = event("t-1", 3);

    StepVerifier.withVirtualTime(() -> harness.project(third))
        .expectSubscription()
        .expectNoEvent(ProjectionHarness.GAP_TIMEOUT.minusMillis(1))
        .thenAwait(Duration.ofSeconds(3))
        .expectNext(ProjectionOutcome.PARKED)
        .expectComplete()
        .verify(VERIFY_TIMEOUT);

    assertThat(harness.deadLetters().parked())
        .singleElement()
        .satisfies(
            parkedRecord -> {
              assertThat(parkedRecord.delivery()).isSameAs(third);
              assertThat(parkedRecord.reason()).isEqualTo(ParkReason.GAP_TIMEOUT);
              assertThat(parkedRecord.detail()).contains("waits for version 1");
            });
    assertThat(third.acknowledgedCount()).isEqualTo(1);
    assertThat(harness.parked().mark("t-1")).isEqualTo(3);
    assertThat(harness.store().get("t-1").version()).isZero();
    assertThat(
            harness
                .registry()
                .get("projector.records")
                .tag("reason", "gap-timeout")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void parksLaterVersionsOfAParkedTicketAtOnceInOrder() {
    harness.holding(TicketEvents.version("t-1", 0));
    harness.parked().markParked("t-1", 3).block();
    TestDelivery fourth = event("t-1", 4);
    TestDelivery fifth = event("t-1", 5);

    harness
        .project(fourth)
        .concatWith(harness.project(fifth))
        .as(StepVerifier::create)
        .expectNext(ProjectionOutcome.PARKED, ProjectionOutcome.PARKED)
        .expectComplete()
        .verify(VERIFY_TIMEOUT);

    assertThat(harness.deadLetters().parked())
        .extracting(RecordingDeadLetters.Parked::delivery)
        .containsExactly(fourth, fifth);
    assertThat(harness.deadLetters().parked())
        .extracting(RecordingDeadLetters.Parked::reason)
        .containsOnly(ParkReason.PREDECESSOR_PARKED);
    assertThat(harness.parked().mark("t-1")).isEqualTo(5);
    assertThat(fourth.acknowledged() && fifth.acknowledged()).isTrue();
  }

  @Test
  void replayedVersionsApplyAndHealTheTicket() {
    harness.holding(TicketEvents.version("t-1", 1));
    harness.parked().markParked("t-1", 3).block();

    harness
        .project(event("t-1", 2))
        .concatWith(harness.project(event("t-1", 3)))
        .as(StepVerifier::create)
        .expectNext(ProjectionOutcome.APPLIED, ProjectionOutcome.APPLIED)
        .expectComplete()
        .verify(VERIFY_TIMEOUT);
    assertThat(harness.store().get("t-1").version()).isEqualTo(3);

    // healed: a later gap waits for its missing version instead of being parked behind the mark
    TestDelivery fifth = event("t-1", 5);
    StepVerifier.withVirtualTime(() -> harness.project(fifth))
        .expectSubscription()
        .expectNoEvent(Duration.ofSeconds(10))
        .thenCancel()
        .verify(VERIFY_TIMEOUT);
    assertThat(harness.deadLetters().parked()).isEmpty();
    assertThat(fifth.acknowledged()).isFalse();
    assertThat(harness.parked().mark("t-1")).isNull();
  }

  @Test
  void parksAPoisonRecordAtOnceWithItsReason() {
    TestDelivery poison = TestDelivery.raw("t-1", "{not json");

    harness
        .project(poison)
        .as(StepVerifier::create)
        .expectNext(ProjectionOutcome.PARKED)
        .expectComplete()
        .verify(VERIFY_TIMEOUT);

    assertThat(harness.deadLetters().parked())
        .singleElement()
        .satisfies(
            parkedRecord -> {
              assertThat(parkedRecord.reason()).isEqualTo(ParkReason.INVALID_EVENT);
              assertThat(parkedRecord.detail()).isNotBlank();
            });
    assertThat(poison.acknowledgedCount()).isEqualTo(1);
    assertThat(harness.store().all()).isEmpty();
  }

  @Test
  void parksAnEventWhoseKeyIsNotItsTicket() {
    TestDelivery event = event("t-1", 0);
    TestDelivery misKeyed = new TestDelivery("t-2", event.value(), 0, 0);

    harness
        .project(misKeyed)
        .as(StepVerifier::create)
        .expectNext(ProjectionOutcome.PARKED)
        .expectComplete()
        .verify(VERIFY_TIMEOUT);

    assertThat(harness.deadLetters().parked())
        .singleElement()
        .extracting(RecordingDeadLetters.Parked::reason)
        .isEqualTo(ParkReason.INVALID_EVENT);
    assertThat(harness.store().all()).isEmpty();
  }
}
