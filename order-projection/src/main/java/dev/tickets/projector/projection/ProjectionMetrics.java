package dev.tickets.projector.projection;

import dev.tickets.events.ParkReason;
import dev.tickets.events.TicketEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import reactor.core.scheduler.Schedulers;

/**
 * The projector's meters: {@code projector.records} by outcome (and reason when parked), {@code
 * projector.gap.retries}, the {@code projector.processing} timer, the latency of two stages, each
 * with a percentile histogram: {@code projector.receive.lag} (from the record's log timestamp, the
 * producer's send, to its arrival here) and {@code projector.apply.latency} (from its arrival to
 * its application to the replica), {@code projector.write.batch.size} (records per write to the
 * store), and how fresh the replicas are: {@code projector.event.lag} (from an event's {@code
 * occurredAt} to its application, with a percentile histogram), {@code projector.held.oldest.age}
 * (how long the oldest record held for a missing version has waited; 0 when none is held) and
 * {@code projector.oldest.unsettled.age} (how long the oldest received record not settled yet has
 * waited: a projection that stalls, on held records or an outage, shows here even when the stream
 * is up and nothing is applied).
 */
final class ProjectionMetrics {

  private final MeterRegistry registry;
  private final Counter applied;
  private final Counter duplicate;
  private final Map<ParkReason, Counter> parked = new EnumMap<>(ParkReason.class);
  private final Counter gapRetries;
  private final Timer processing;
  private final DistributionSummary batchSize;
  private final Timer eventLag;
  private final Timer receiveLag;
  private final Timer applyLatency;

  /** When each ticket's held record was first found waiting, in ms; replaced with every run. */
  private volatile Map<String, Long> held = new ConcurrentHashMap<>();

  /** When each received record not settled yet arrived, in ms; replaced with every run. */
  private volatile Map<Timer.Sample, Long> unsettled = new ConcurrentHashMap<>();

  ProjectionMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.applied = outcome("applied", "none");
    this.duplicate = outcome("duplicate", "none");
    for (ParkReason reason : ParkReason.values()) {
      parked.put(reason, outcome("parked", reason.wireName()));
    }
    this.gapRetries =
        Counter.builder("projector.gap.retries")
            .description("Times a held record was written again to see whether its gap closed")
            .register(registry);
    this.processing =
        Timer.builder("projector.processing")
            .description("Time from receiving a record to settling it")
            .register(registry);
    this.batchSize =
        DistributionSummary.builder("projector.write.batch.size")
            .description("Records carried by one write to the store")
            .register(registry);
    this.eventLag =
        Timer.builder("projector.event.lag")
            .description("Time from an event's occurredAt to its application to the replica")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofHours(1))
            .register(registry);
    this.receiveLag =
        stage(
            "projector.receive.lag",
            "Time from a record's log timestamp (the producer's send) to its arrival here");
    this.applyLatency =
        stage(
            "projector.apply.latency",
            "Time from a record's arrival to its application to the replica");
    Gauge.builder("projector.held.oldest.age", this, ProjectionMetrics::oldestHeldSeconds)
        .description("How long the oldest record held for a missing version has waited")
        .baseUnit("seconds")
        .register(registry);
    Gauge.builder("projector.oldest.unsettled.age", this, ProjectionMetrics::oldestUnsettledSeconds)
        .description(
            "How long the oldest received record not settled yet (held, queued, being "
                + "written or retried through an outage) has waited; 0 when none")
        .baseUnit("seconds")
        .register(registry);
  }

  private Timer stage(String name, String description) {
    return Timer.builder(name)
        .description(description)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofMinutes(10))
        .register(registry);
  }

  /** A new subscription: what the previous one held is no longer held. */
  void newRun() {
    held = new ConcurrentHashMap<>();
    unsettled = new ConcurrentHashMap<>();
  }

  /** An event was applied to its replica: how long after it occurred. */
  void applied(TicketEvent event) {
    long lagMillis = now() - event.occurredAt().toEpochMilli();
    eventLag.record(Math.max(0, lagMillis), TimeUnit.MILLISECONDS);
  }

  /** The ticket's lowest record waits for a missing version, since {@code sinceMillis}. */
  void holding(String ticketId, long sinceMillis) {
    held.put(ticketId, sinceMillis);
  }

  /** The ticket holds nothing (any more). */
  void notHolding(String ticketId) {
    held.remove(ticketId);
  }

  private double oldestUnsettledSeconds() {
    return oldestSeconds(unsettled);
  }

  private double oldestHeldSeconds() {
    return oldestSeconds(held);
  }

  /** The age of the oldest of these start times (ms), in seconds; 0 when there is none. */
  private static double oldestSeconds(Map<?, Long> since) {
    long now = now();
    return since.values().stream().mapToLong(start -> now - start).max().orElse(0) / 1000.0;
  }

  private Counter outcome(String outcome, String reason) {
    return Counter.builder("projector.records")
        .description("Records settled by the projector")
        .tag("outcome", outcome)
        .tag("reason", reason)
        .register(registry);
  }

  /** Starts timing a record on its arrival; it counts as unsettled until {@link #settled}. */
  Timer.Sample received(Delivery delivery) {
    Timer.Sample sample = Timer.start(registry);
    long now = now();
    unsettled.put(sample, now);
    if (delivery.timestamp() >= 0) {
      receiveLag.record(Math.max(0, now - delivery.timestamp()), TimeUnit.MILLISECONDS);
    }
    return sample;
  }

  void settled(ProjectionOutcome outcome, Timer.Sample received) {
    unsettled.remove(received);
    long nanos = received.stop(processing);
    switch (outcome) {
      case APPLIED -> {
        applied.increment();
        applyLatency.record(nanos, TimeUnit.NANOSECONDS);
      }
      case DUPLICATE -> duplicate.increment();
      case PARKED -> {} // counted with its reason by parked(..)
    }
  }

  void parked(ParkReason reason) {
    parked.get(reason).increment();
  }

  void writing(int records) {
    batchSize.record(records);
  }

  void gapRetried() {
    gapRetries.increment();
  }

  /** The time the projection run uses (wall time; virtual in tests that run on virtual time). */
  private static long now() {
    return Schedulers.parallel().now(TimeUnit.MILLISECONDS);
  }
}
