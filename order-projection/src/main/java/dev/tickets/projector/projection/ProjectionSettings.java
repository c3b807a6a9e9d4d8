package dev.tickets.projector.projection;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Timing and bounds of the projection.
 *
 * @param gapTimeout how long a record may wait for a missing earlier version before it is parked
 * @param initialBackoff first delay between retries (a gap looked at again, a lost race, an outage)
 * @param maxBackoff largest delay between retries
 * @param maxWritesInFlight how many writes to the store may be in flight at once
 * @param maxBatchSize how many records of different tickets one write may carry
 * @param maxUnsettled how many received records may wait unsettled (held, queued or in flight); at
 *     this many no further record is requested from the log
 */
public record ProjectionSettings(
    Duration gapTimeout,
    Duration initialBackoff,
    Duration maxBackoff,
    int maxWritesInFlight,
    int maxBatchSize,
    int maxUnsettled) {

  public ProjectionSettings {
    requirePositive(gapTimeout, "gapTimeout");
    requirePositive(initialBackoff, "initialBackoff");
    requirePositive(maxBackoff, "maxBackoff");
    requirePositive(maxWritesInFlight, "maxWritesInFlight");
    requirePositive(maxBatchSize, "maxBatchSize");
    requirePositive(maxUnsettled, "maxUnsettled");
  }

  /**
   * The delay before retry number {@code attempt} (from 0): exponential from the initial to the
   * maximum backoff, with jitter so that retries of many tickets spread out.
   */
  Duration backoff(int attempt) {
    long ceiling = maxBackoff.toMillis();
    long exponential = initialBackoff.toMillis() << Math.min(attempt, 30);
    long delay = Math.min(ceiling, exponential < 0 ? ceiling : exponential);
    return Duration.ofMillis(delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1));
  }

  private static void requirePositive(Duration value, String name) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }

  private static void requirePositive(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, was " + value);
    }
  }
}
