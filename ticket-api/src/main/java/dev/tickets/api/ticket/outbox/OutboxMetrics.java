package dev.tickets.api.ticket.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import org.springframework.stereotype.Component;

/**
 * The outbox's meters: {@code outbox.pending.events} and {@code outbox.pending.oldest.age} (as of
 * the last sweep), {@code outbox.publish.failures}, {@code outbox.publish.latency} from the write
 * to Kafka's acknowledgement, {@code outbox.relay.events} held in memory, and {@code
 * outbox.left.to.sweeper} by reason.
 */
@Component
class OutboxMetrics {

  private final AtomicReference<PendingEvents.Backlog> backlog =
      new AtomicReference<>(new PendingEvents.Backlog(0, null));
  private final MeterRegistry registry;
  private final Counter failures;
  private final Timer latency;
  private final Clock clock;

  OutboxMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    this.failures =
        Counter.builder("outbox.publish.failures")
            .description("Publications Kafka did not acknowledge; the events stay pending")
            .register(registry);
    this.latency =
        Timer.builder("outbox.publish.latency")
            .description("From the write that recorded an event to Kafka's acknowledgement")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofHours(1))
            .register(registry);
    Gauge.builder("outbox.pending.events", backlog, b -> b.get().count())
        .description("Events recorded but not yet acknowledged by Kafka")
        .register(registry);
    TimeGauge.builder(
            "outbox.pending.oldest.age", backlog, TimeUnit.MILLISECONDS, this::oldestAgeMillis)
        .description("Age of the oldest pending event; 0 when none")
        .register(registry);
  }

  void watchRelay(IntSupplier events) {
    // A strong reference: Micrometer holds a gauge's object weakly, and the method reference passed
    // here is referenced by nothing else, so it was collected and the gauge read NaN.
    Gauge.builder("outbox.relay.events", events, IntSupplier::getAsInt)
        .description(
            "Events the relay holds in memory: waiting for their ticket's previous event, or in flight")
        .strongReference(true)
        .register(registry);
  }

  void published(Duration sinceWrite) {
    latency.record(sinceWrite);
  }

  void publishFailed() {
    failures.increment();
  }

  /** Events the fast path did not publish; they stay pending and the sweeper sends them. */
  void leftToSweeper(String reason, int events) {
    if (events > 0) {
      Counter.builder("outbox.left.to.sweeper")
          .description("Events the fast path left to the sweeper, by reason")
          .tag("reason", reason)
          .register(registry)
          .increment(events);
    }
  }

  void backlog(PendingEvents.Backlog current) {
    backlog.set(current);
  }

  /** The backlog as of the last sweep. */
  PendingEvents.Backlog backlog() {
    return backlog.get();
  }

  /** Age of the oldest pending event as of the last sweep; zero when none. */
  Duration oldestAge() {
    PendingEvents.Backlog current = backlog.get();
    return current.oldest() == null
        ? Duration.ZERO
        : Duration.between(current.oldest(), clock.instant());
  }

  private double oldestAgeMillis(AtomicReference<PendingEvents.Backlog> ref) {
    return oldestAge().toMillis();
  }
}
