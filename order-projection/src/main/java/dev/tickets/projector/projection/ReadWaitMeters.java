package dev.tickets.projector.projection;

import dev.tickets.projector.projection.ReplicaWaits.Answer;
import dev.tickets.projector.projection.ReplicaWaits.Reached;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The meters of the reads that wait for a version: {@code projector.read.waits} by {@code state}
 * ({@code started}, then one of {@code answered}, {@code timed-out}, {@code cancelled} or {@code
 * failed}; or, for a read that never waited, {@code refused} or {@code unavailable}), {@code
 * projector.read.wait}, how long each started wait took (percentile histogram), {@code
 * projector.read.waiting}, how many wait now, and {@code projector.read.lookup.failures}, shared
 * look-ups that failed (an outage or a defect).
 */
final class ReadWaitMeters {

  private final Counter started;
  private final Counter answered;
  private final Counter timedOut;
  private final Counter cancelled;
  private final Counter failed;
  private final Counter refused;
  private final Counter unavailable;
  private final Counter lookUpFailures;
  private final Timer waits;

  ReadWaitMeters(MeterRegistry registry, Supplier<Number> waiting) {
    this.started = count(registry, "started");
    this.answered = count(registry, "answered");
    this.timedOut = count(registry, "timed-out");
    this.cancelled = count(registry, "cancelled");
    this.failed = count(registry, "failed");
    this.refused = count(registry, "refused");
    this.unavailable = count(registry, "unavailable");
    this.lookUpFailures =
        Counter.builder("projector.read.lookup.failures")
            .description(
                "Shared look-ups of the waiting reads' tickets that failed (an outage or a defect)")
            .register(registry);
    this.waits =
        Timer.builder("projector.read.wait")
            .description("How long a read waited for its ticket's replica to reach a version")
            .publishPercentileHistogram()
            .register(registry);
    Gauge.builder("projector.read.waiting", waiting)
        .description("Reads waiting now for their ticket's replica to reach a version")
        .register(registry);
  }

  void started() {
    started.increment();
  }

  void refused() {
    refused.increment();
  }

  void unavailable() {
    unavailable.increment();
  }

  void lookUpFailed() {
    lookUpFailures.increment();
  }

  /**
   * A started wait ended (called once per started wait): answered, timed out, failed (a defect, not
   * an outage) or cancelled, and how long it took.
   */
  void ended(WaitingRead read, boolean failed) {
    Answer answer = read.answer();
    Counter outcome;
    if (answer != null) {
      outcome = answer instanceof Reached ? answered : timedOut;
    } else {
      outcome = failed ? this.failed : cancelled;
    }
    outcome.increment();
    waits.record(read.waitedNanos(), TimeUnit.NANOSECONDS);
  }

  private static Counter count(MeterRegistry registry, String state) {
    return Counter.builder("projector.read.waits")
        .description("Reads that asked for a version the replica did not hold yet, by state")
        .tag("state", state)
        .register(registry);
  }
}
