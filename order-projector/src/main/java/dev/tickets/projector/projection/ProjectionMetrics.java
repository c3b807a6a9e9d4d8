package dev.tickets.projector.projection;

import java.util.EnumMap;
import java.util.Map;

import dev.tickets.events.ParkReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The projector's meters: {@code projector.records} by outcome (and reason when parked),
 * {@code projector.gap.retries}, the {@code projector.processing} timer and
 * {@code projector.write.batch.size} (records per write to the store).
 */
final class ProjectionMetrics {

  private final MeterRegistry registry;
  private final Counter applied;
  private final Counter duplicate;
  private final Map<ParkReason, Counter> parked = new EnumMap<>(ParkReason.class);
  private final Counter gapRetries;
  private final Timer processing;
  private final DistributionSummary batchSize;

  ProjectionMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.applied = outcome("applied", "none");
    this.duplicate = outcome("duplicate", "none");
    for (ParkReason reason : ParkReason.values()) {
      parked.put(reason, outcome("parked", reason.wireName()));
    }
    this.gapRetries = Counter.builder("projector.gap.retries")
        .description("Times a held record was written again to see whether its gap closed")
        .register(registry);
    this.processing = Timer.builder("projector.processing")
        .description("Time from receiving a record to settling it").register(registry);
    this.batchSize = DistributionSummary.builder("projector.write.batch.size")
        .description("Records carried by one write to the store").register(registry);
  }

  private Counter outcome(String outcome, String reason) {
    return Counter.builder("projector.records").description("Records settled by the projector")
        .tag("outcome", outcome).tag("reason", reason).register(registry);
  }

  /** Starts timing a record on its arrival. */
  Timer.Sample received() {
    return Timer.start(registry);
  }

  void settled(ProjectionOutcome outcome, Timer.Sample received) {
    received.stop(processing);
    switch (outcome) {
      case APPLIED -> applied.increment();
      case DUPLICATE -> duplicate.increment();
      case PARKED -> { } // counted with its reason by parked(..)
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
}
