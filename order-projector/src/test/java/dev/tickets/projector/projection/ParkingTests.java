package dev.tickets.projector.projection;

import static dev.tickets.testkit.TestDelivery.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.tickets.events.ParkReason;
import reactor.test.StepVerifier;
import dev.tickets.testkit.TicketEvents;
import dev.tickets.testkit.TestDelivery;
import dev.tickets.testkit.RecordingDeadLetters;

/** Gaps, poison records and parked tickets in the projection step. */
class ParkingTests extends ProjectionFixture {

  @Test
  void appliesAGapOnceTheMissingVersionArrives() {
    store.holding(TicketReplica.of(TicketEvents.version("t-1", 0)));
    TestDelivery second = event("t-1", 2);

    StepVerifier.withVirtualTime(() -> projection.project(second))
        .expectSubscription()
        .expectNoEvent(Duration.ofSeconds(10))
        .then(() -> store.holding(TicketReplica.of(TicketEvents.version("t-1", 1))))
        .thenAwait(Duration.ofSeconds(3))
        .expectNext(ProjectionOutcome.APPLIED)
        .expectComplete()
        .verify(VERIFY_TIMEOUT);

    assertThat(store.get("t-1").version()).isEqualTo(2);
    assertThat(second.acknowledgedCount()).isEqualTo(1);
    assertThat(deadLetters.parked()).isEmpty();
  }

  @Test
  void parksRecordAfterGapTimeout() {
    store.holding(TicketReplica.of(TicketEvents.version("t-1", 0)));
    TestDelivery third = event("t-1", 3);

    StepVerifier.withVirtualTime(() -> projection.project(third))
        .expectSubscription()
        .expectNoEvent(GAP_TIMEOUT.minusMillis(1))
        .thenAwait(Duration.ofSeconds(3))
        .expectNext(ProjectionOutcome.PARKED)
        .expectComplete()
        .verify(VERIFY_TIMEOUT);

    assertThat(deadLetters.parked()).singleElement().satisfies(parkedRecord -> {
      assertThat(parkedRecord.delivery()).isSameAs(third);
      assertThat(parkedRecord.reason()).isEqualTo(ParkReason.GAP_TIMEOUT);
      assertThat(parkedRecord.detail()).contains("waits for version 1");
    });
    assertThat(third.acknowledgedCount()).isEqualTo(1);
    assertThat(parked.mark("t-1")).isEqualTo(3);
    assertThat(store.get("t-1").version()).isZero();
    assertThat(registry.get("projector.records").tag("reason", "gap-timeout").counter().count())
        .isEqualTo(1);
  }

  @Test
  void parksLaterVersionsOfAParkedTicketAtOnceInOrder() {
    store.holding(TicketReplica.of(TicketEvents.version("t-1", 0)));
    parked.markParked("t-1", 3).block();
    TestDelivery fourth = event("t-1", 4);
    TestDelivery fifth = event("t-1", 5);

    projection.project(fourth).concatWith(projection.project(fifth)).as(StepVerifier::create)
        .expectNext(ProjectionOutcome.PARKED, ProjectionOutcome.PARKED)
        .expectComplete()
        .verify(VERIFY_TIMEOUT);

    assertThat(deadLetters.parked()).extracting(RecordingDeadLetters.Parked::delivery)
        .containsExactly(fourth, fifth);
    assertThat(deadLetters.parked()).extracting(RecordingDeadLetters.Parked::reason)
        .containsOnly(ParkReason.PREDECESSOR_PARKED);
    assertThat(parked.mark("t-1")).isEqualTo(5);
    assertThat(fourth.acknowledged() && fifth.acknowledged()).isTrue();
  }

  @Test
  void replayedVersionsApplyAndHealTheTicket() {
    store.holding(TicketReplica.of(TicketEvents.version("t-1", 1)));
    parked.markParked("t-1", 3).block();

    projection.project(event("t-1", 2)).concatWith(projection.project(event("t-1", 3)))
        .as(StepVerifier::create)
        .expectNext(ProjectionOutcome.APPLIED, ProjectionOutcome.APPLIED)
        .expectComplete()
        .verify(VERIFY_TIMEOUT);
    assertThat(store.get("t-1").version()).isEqualTo(3);

    // healed: a later gap waits for its missing version instead of being parked behind the mark
    TestDelivery fifth = event("t-1", 5);
    StepVerifier.withVirtualTime(() -> projection.project(fifth))
        .expectSubscription()
        .expectNoEvent(Duration.ofSeconds(10))
        .thenCancel()
        .verify(VERIFY_TIMEOUT);
    assertThat(deadLetters.parked()).isEmpty();
    assertThat(fifth.acknowledged()).isFalse();
    assertThat(parked.mark("t-1")).isNull();
  }

  @Test
  void parksAPoisonRecordAtOnceWithItsReason() {
    TestDelivery poison = TestDelivery.raw("t-1", "{not json");

    projection.project(poison).as(StepVerifier::create)
        .expectNext(ProjectionOutcome.PARKED).expectComplete().verify(VERIFY_TIMEOUT);

    assertThat(deadLetters.parked()).singleElement().satisfies(parkedRecord -> {
      assertThat(parkedRecord.reason()).isEqualTo(ParkReason.INVALID_EVENT);
      assertThat(parkedRecord.detail()).isNotBlank();
    });
    assertThat(poison.acknowledgedCount()).isEqualTo(1);
    assertThat(store.all()).isEmpty();
  }

  @Test
  void parksAnEventWhoseKeyIsNotItsTicket() {
    TestDelivery event = event("t-1", 0);
    TestDelivery misKeyed = new TestDelivery("t-2", event.value(), 0, 0);

    projection.project(misKeyed).as(StepVerifier::create)
        .expectNext(ProjectionOutcome.PARKED).expectComplete().verify(VERIFY_TIMEOUT);

    assertThat(deadLetters.parked()).singleElement()
        .extracting(RecordingDeadLetters.Parked::reason).isEqualTo(ParkReason.INVALID_EVENT);
    assertThat(store.all()).isEmpty();
  }
}
