package dev.tickets.api.ticket.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tickets.api.ticket.outbox.TicketLanes.Next;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TicketLanesTests {

  private static final Duration LEASE = Duration.ofSeconds(60);

  private MutableClock clock;
  private TicketLanes lanes;

  @BeforeEach
  void openLanes() {
    clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    lanes = new TicketLanes(100, LEASE, clock);
    lanes.open();
  }

  @Test
  void sendsAFreshEventAtOnceAndTheTicketsNextOnlyAfterTheAcknowledgement() {
    assertThat(lanes.offer(event("a", 0), 0).send()).isEqualTo(event("a", 0));
    assertThat(lanes.offer(event("a", 1), 0).send()).isNull();

    assertThat(lanes.acknowledged(event("a", 0)).send()).isEqualTo(event("a", 1));
    assertThat(lanes.acknowledged(event("a", 1)).send()).isNull();
    assertThat(lanes.events()).isZero();
  }

  @Test
  void differentTicketsNeverWaitForEachOther() {
    assertThat(lanes.offer(event("a", 0), 0).send()).isEqualTo(event("a", 0));
    assertThat(lanes.offer(event("b", 0), 0).send()).isEqualTo(event("b", 0));
    assertThat(lanes.offer(event("c", 4), 4).send()).isEqualTo(event("c", 4));
    assertThat(lanes.events()).isEqualTo(3);
  }

  @Test
  void anEventArrivingBeforeItsPredecessorWaitsForIt() {
    Next early = lanes.offer(event("a", 1), 0);
    assertThat(early.send()).isNull();
    assertThat(early.checkPredecessor()).isTrue();

    assertThat(lanes.offer(event("a", 0), 0).send()).isEqualTo(event("a", 0));
    assertThat(lanes.predecessorChecked("a", List.of(0L, 1L)).checkPredecessor()).isFalse();
    assertThat(lanes.acknowledged(event("a", 0)).send()).isEqualTo(event("a", 1));
  }

  @Test
  void anUnknownPendingPredecessorIsCheckedUntilItIsGone() {
    assertThat(lanes.offer(event("a", 5), 4).checkPredecessor()).isTrue();
    assertThat(lanes.offer(event("a", 6), 4).checkPredecessor()).isFalse();

    Next stillThere = lanes.predecessorChecked("a", List.of(4L, 5L, 6L));
    assertThat(stillThere.send()).isNull();
    assertThat(stillThere.checkPredecessor()).isTrue();

    assertThat(lanes.predecessorChecked("a", List.of(5L, 6L)).send()).isEqualTo(event("a", 5));
    assertThat(lanes.acknowledged(event("a", 5)).send()).isEqualTo(event("a", 6));
  }

  @Test
  void eventsPublishedElsewhereMeanwhileAreDropped() {
    lanes.offer(event("a", 5), 4);
    lanes.offer(event("a", 6), 4);

    assertThat(lanes.predecessorChecked("a", List.of(6L)).send()).isEqualTo(event("a", 6));
    lanes.acknowledged(event("a", 6));
    lanes.forgotten("a", 6);
    assertThat(lanes.events()).isZero();
    assertThat(lanes.isSettled()).isTrue();

    lanes.offer(event("b", 3), 2);
    assertThat(lanes.predecessorChecked("b", List.of()).send()).isNull();
    assertThat(lanes.events()).isZero();
  }

  @Test
  void afterAFailedSendTheTicketIsTheSweepersUntilItHandsItOver() {
    lanes.offer(event("a", 0), 0);
    lanes.offer(event("a", 1), 0);
    assertThat(lanes.failed(event("a", 0))).isEqualTo(2);
    assertThat(lanes.events()).isZero();

    assertThat(lanes.offer(event("a", 2), 0).deferredBecause()).isEqualTo("sweeper-owns-ticket");

    Next swept = lanes.offerSwept(List.of(event("a", 0), event("a", 1), event("a", 2)));
    assertThat(swept.send()).isEqualTo(event("a", 0));
    assertThat(lanes.acknowledged(event("a", 0)).send()).isEqualTo(event("a", 1));
    assertThat(lanes.acknowledged(event("a", 1)).send()).isEqualTo(event("a", 2));
  }

  @Test
  void theSweepersTurnEndsWithItsLease() {
    lanes.offer(event("a", 0), 0);
    lanes.failed(event("a", 0));
    clock.advance(LEASE.plusSeconds(1));

    assertThat(lanes.hasRoom()).isTrue();
    assertThat(lanes.offer(event("a", 1), 0).checkPredecessor()).isTrue();
  }

  @Test
  void theSweepersNewerViewUnblocksATicketWaitingForAPredecessor() {
    assertThat(lanes.offer(event("a", 6), 5).checkPredecessor()).isTrue();

    assertThat(lanes.offerSwept(List.of(event("a", 6), event("a", 7))).send())
        .isEqualTo(event("a", 6));
    assertThat(lanes.acknowledged(event("a", 6)).send()).isEqualTo(event("a", 7));
  }

  /**
   * Found by FaultScenariosIT (Kafka broker stop and restart): a predecessor check that gave up
   * after the sweeper had handed the ticket over dropped the swept events, and the sweeper's claim
   * kept them from being published for a whole sweep lease (60 s).
   */
  @Test
  void aLateGiveUpOfAPredecessorCheckKeepsWhatTheSweeperHandedOver() {
    assertThat(lanes.offer(event("a", 5), 4).checkPredecessor()).isTrue();
    assertThat(lanes.offerSwept(List.of(event("a", 4), event("a", 5), event("a", 6))).send())
        .isEqualTo(event("a", 4));

    assertThat(lanes.giveUp("a")).isZero();
    assertThat(lanes.predecessorChecked("a", List.of(4L, 5L, 6L)).checkPredecessor()).isFalse();

    assertThat(lanes.acknowledged(event("a", 4)).send()).isEqualTo(event("a", 5));
    assertThat(lanes.acknowledged(event("a", 5)).send()).isEqualTo(event("a", 6));
  }

  @Test
  void ticketsLeftToTheSweeperTakeNoCapacity() {
    TicketLanes small = new TicketLanes(1, LEASE, clock);
    small.open();
    small.offer(event("a", 0), 0);
    small.failed(event("a", 0));

    assertThat(small.hasRoom()).isTrue();
    assertThat(small.offer(event("b", 0), 0).send()).isEqualTo(event("b", 0));
  }

  @Test
  void aSweptEventAlreadyInFlightIsNotSentTwice() {
    lanes.offer(event("a", 0), 0);
    assertThat(lanes.offerSwept(List.of(event("a", 0), event("a", 1))).send()).isNull();
    assertThat(lanes.acknowledged(event("a", 0)).send()).isEqualTo(event("a", 1));
    assertThat(lanes.acknowledged(event("a", 1)).send()).isNull();
    assertThat(lanes.offerSwept(List.of(event("a", 1))).send()).isNull();
  }

  @Test
  void beyondCapacityFreshEventsAreLeftToTheSweeper() {
    TicketLanes small = new TicketLanes(2, LEASE, clock);
    small.open();
    small.offer(event("a", 0), 0);
    small.offer(event("b", 0), 0);

    assertThat(small.offer(event("c", 0), 0).deferredBecause()).isEqualTo("capacity");
    assertThat(small.hasRoom()).isFalse();
    small.acknowledged(event("a", 0));
    assertThat(small.hasRoom()).isTrue();
  }

  @Test
  void aClosedRelayTakesNothingNewButFinishesWhatItHolds() {
    lanes.offer(event("a", 0), 0);
    lanes.offer(event("a", 1), 0);
    lanes.close();

    assertThat(lanes.offer(event("b", 0), 0).deferredBecause()).isEqualTo("stopped");
    assertThat(lanes.acknowledged(event("a", 0)).send()).isEqualTo(event("a", 1));
    lanes.acknowledged(event("a", 1));
    assertThat(lanes.isSettled()).isFalse();
    lanes.forgotten("a", 1);
    assertThat(lanes.isSettled()).isTrue();
  }

  static PendingPublication event(String ticketId, long version) {
    return new PendingPublication(
        ticketId, "alice", version, "{\"v\":" + version + "}", Instant.EPOCH);
  }

  static final class MutableClock extends Clock {

    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
