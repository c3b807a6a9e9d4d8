package dev.tickets.projector.projection.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tickets.projector.ProjectorProperties;
import dev.tickets.projector.projection.Delivery;
import dev.tickets.testkit.InMemoryReplicaStore;
import dev.tickets.testkit.ProjectionHarness;
import dev.tickets.testkit.TestDelivery;
import dev.tickets.testkit.TicketEvents;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/** The owned subscription, and the health that reports whether it still consumes. */
class ProjectorLifecycleTests {

  volatile Sinks.Many<Delivery> records = Sinks.many().unicast().onBackpressureBuffer();
  final AtomicInteger receives = new AtomicInteger();
  final AtomicBoolean cancelled = new AtomicBoolean();
  final CompletableFuture<Void> closed = new CompletableFuture<>();
  final RecordSource source =
      new RecordSource() {
        @Override
        public Flux<Delivery> receive() {
          if (receives.get() > 0) {
            records = Sinks.many().unicast().onBackpressureBuffer();
          }
          Sinks.Many<Delivery> current = records;
          receives.incrementAndGet();
          return current.asFlux().doOnCancel(() -> cancelled.set(true));
        }

        @Override
        public CompletableFuture<Void> closed() {
          return closed;
        }
      };
  final ProjectionHarness harness =
      new ProjectionHarness(
          ProjectionHarness.settings(
              Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMillis(100)));
  final InMemoryReplicaStore store = harness.store();
  final ProjectorLifecycle lifecycle = lifecycle(Duration.ofSeconds(1), Duration.ofSeconds(30));
  final ProjectorHealthIndicator health = new ProjectorHealthIndicator(lifecycle);

  ProjectorLifecycle lifecycle(Duration resubscribeBackoff, Duration resubscribeMaxBackoff) {
    return new ProjectorLifecycle(
        source,
        store,
        harness.projection(),
        Duration.ofSeconds(5),
        new ProjectorProperties.Retry(Duration.ofMillis(10), Duration.ofMillis(100)),
        resubscribeBackoff,
        resubscribeMaxBackoff);
  }

  Status status() {
    return health.health().map(Health::getStatus).block(Duration.ofSeconds(5));
  }

  @Test
  void isUpWhileConsumingAndDownOnceTheStreamFailed() {
    lifecycle.start();
    assertThat(status()).isEqualTo(Status.UP);

    records.tryEmitError(new IllegalStateException("consumer died"));

    assertThat(status()).isEqualTo(Status.DOWN);
    assertThat(lifecycle.state()).isEqualTo(ProjectorState.FAILED);
  }

  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void aConsumerFencedByAnInstanceWithTheSameIdSaysSo(CapturedOutput output) {
    lifecycle.start();

    records.tryEmitError(new KafkaException(new FencedInstanceIdException("fenced")));

    assertThat(status()).isEqualTo(Status.DOWN);
    assertThat(output).contains("same order-projector.group-instance-id");
    lifecycle.stop();
  }

  @Test
  void subscribesAgainAfterTheConsumerFailedAndIsUpOnceConsuming() {
    lifecycle.start();
    records.tryEmitError(new IllegalStateException("commit failed after retries"));
    assertThat(status()).isEqualTo(Status.DOWN);

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(receives).hasValue(2);
              assertThat(status()).isEqualTo(Status.UP);
            });
    lifecycle.stop();
  }

  @Test
  void theResubscribeWaitStartsAgainOnceAConsumerSettledARecord() {
    // 200 ms doubling to 60 s: eight failures in a row would wait at least 25 s in all (jitter
    // halves each wait at most); a consumer that settled a record before failing starts the
    // doubling again, so eight of those take a few seconds.
    ProjectorLifecycle resubscribing = lifecycle(Duration.ofMillis(200), Duration.ofSeconds(60));
    resubscribing.start();
    try {
      for (int failure = 1; failure <= 8; failure++) {
        String ticket = "t-" + failure;
        records.tryEmitNext(TestDelivery.of(TicketEvents.created(ticket)));
        await().atMost(Duration.ofSeconds(5)).until(() -> store.find(ticket).block() != null);
        records.tryEmitError(new IllegalStateException("consumer failure " + failure));
        int subscriptions = failure + 1;
        await().atMost(Duration.ofSeconds(2)).until(() -> receives.get() == subscriptions);
      }
    } finally {
      resubscribing.stop();
    }
  }

  @Test
  void failuresInARowWaitLongerEachTime() {
    // 100 ms doubling: four failures in a row without a settled record wait 100 + 200 + 400 + 800
    // ms, at least half of that with jitter; a fixed wait of 100 ms would take 0.4 s at most.
    ProjectorLifecycle resubscribing = lifecycle(Duration.ofMillis(100), Duration.ofSeconds(60));
    resubscribing.start();
    try {
      long started = System.nanoTime();
      for (int failure = 1; failure <= 4; failure++) {
        int subscriptions = failure;
        await().atMost(Duration.ofSeconds(10)).until(() -> receives.get() == subscriptions);
        records.tryEmitError(new IllegalStateException("consumer failure " + failure));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> receives.get() == 5);
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .as("four waits in a row")
          .isGreaterThan(Duration.ofMillis(700));
    } finally {
      resubscribing.stop();
    }
  }

  @Test
  void isDownOnceTheStreamCompleted() {
    lifecycle.start();

    records.tryEmitComplete();

    assertThat(status()).isEqualTo(Status.DOWN);
  }

  @Test
  void stopCancelsTheSubscriptionAndFinishesOnceTheConsumerClosed() throws Exception {
    lifecycle.start();
    CountDownLatch stopped = new CountDownLatch(1);

    lifecycle.stop(stopped::countDown);

    assertThat(cancelled).isTrue();
    assertThat(stopped.getCount()).as("waits for the consumer to close").isEqualTo(1);
    closed.complete(null);
    assertThat(stopped.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(lifecycle.isRunning()).isFalse();
  }
}
