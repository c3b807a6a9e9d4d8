package dev.tickets.projector.projection;

import java.time.Duration;

/**
 * Timing of the projection step.
 *
 * @param gapTimeout how long a record waits for missing earlier versions before it is parked
 * @param initialBackoff first delay between retries (gaps and infrastructure failures)
 * @param maxBackoff largest delay between retries
 */
public record ProjectionSettings(Duration gapTimeout, Duration initialBackoff, Duration maxBackoff) {
}
