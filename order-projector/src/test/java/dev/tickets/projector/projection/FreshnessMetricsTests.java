package dev.tickets.projector.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tickets.events.TicketEvent;
import dev.tickets.events.TicketEventCodec;
import dev.tickets.testkit.ProjectionHarness;
import dev.tickets.testkit.TestDelivery;
import io.micrometer.core.instrument.Timer;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** How fresh the replicas are: event lag and the age of the oldest held record. */
class FreshnessMetricsTests {

  static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(5);

  final ProjectionHarness harness = new ProjectionHarness();

  private static final TicketEventCodec CODEC = new TicketEventCodec();

  @Test
  void anEventAppliedFiveSecondsAfterItOccurredShowsALagAboveFiveSeconds() {
    TicketEvent old =
        TicketEvent.of(
            "t-lag", 0, "concert", BigDecimal.TEN, "user-1", Instant.now().minusSeconds(5));

    harness
        .project(new TestDelivery("t-lag", CODEC.encode(old), 0, 0))
        .as(StepVerifier::create)
        .expectNext(ProjectionOutcome.APPLIED)
        .expectComplete()
        .verify(VERIFY_TIMEOUT);
    assertThat(harness.registry().get("projector.oldest.unsettled.age").gauge().value()).isZero();

    Timer lag = harness.registry().get("projector.event.lag").timer();
    assertThat(lag.count()).isEqualTo(1);
    assertThat(lag.max(TimeUnit.MILLISECONDS)).isBetween(5_000.0, 60_000.0);
  }

  @Test
  void theStagesAfterKafkaAreTimedFromTheRecordsLogTimestampAndItsArrival() {
    long sentThreeSecondsAgo = System.currentTimeMillis() - 3_000;
    for (int copy = 0; copy < 2; copy++) {
      harness
          .project(TestDelivery.event("t-stages", 0).sentAt(sentThreeSecondsAgo))
          .as(StepVerifier::create)
          .expectNextCount(1)
          .expectComplete()
          .verify(VERIFY_TIMEOUT);
    }

    Timer receiveLag = harness.registry().get("projector.receive.lag").timer();
    assertThat(receiveLag.count()).isEqualTo(2);
    assertThat(receiveLag.max(TimeUnit.MILLISECONDS)).isBetween(3_000.0, 60_000.0);
    Timer applyLatency = harness.registry().get("projector.apply.latency").timer();
    assertThat(applyLatency.count()).as("the duplicate is not applied").isEqualTo(1);
    assertThat(applyLatency.max(TimeUnit.MILLISECONDS)).isLessThan(3_000.0);
  }

  @Test
  void aHeldRecordAgesUntilItsMissingVersionArrives() throws Exception {
    assertThat(heldAgeSeconds()).isZero();
    TestDelivery second = TestDelivery.event("t-held", 1);
    harness.project(second).subscribe();

    Thread.sleep(Duration.ofMillis(1_500).toMillis());
    assertThat(second.acknowledged()).isFalse();
    assertThat(heldAgeSeconds()).isBetween(1.0, 30.0);
    assertThat(harness.registry().get("projector.oldest.unsettled.age").gauge().value())
        .isBetween(1.0, 30.0);

    harness
        .project(TestDelivery.event("t-held", 0))
        .as(StepVerifier::create)
        .expectNext(ProjectionOutcome.APPLIED)
        .expectComplete()
        .verify(VERIFY_TIMEOUT);
    long deadline = System.nanoTime() + VERIFY_TIMEOUT.toNanos();
    while (!second.acknowledged() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(second.acknowledged()).isTrue();
    assertThat(heldAgeSeconds()).isZero();
  }

  private double heldAgeSeconds() {
    return harness.registry().get("projector.held.oldest.age").gauge().value();
  }
}
