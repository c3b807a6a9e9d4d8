package dev.tickets.api.ticket.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How pending events are published.
 *
 * @param rails how many tickets are drained concurrently; one ticket is always drained by one rail
 * @param sweepInterval how often the sweeper looks for events that the hot path did not publish
 *     (a crash, a Kafka outage)
 * @param sweepGrace how old a pending event must be before the sweeper takes it, so that it does
 *     not race the hot path for fresh writes
 * @param sweepBatchSize at most this many tickets per sweep
 */
@ConfigurationProperties("ticket-api.outbox")
public record OutboxProperties(
    @DefaultValue("8") int rails,
    @DefaultValue("5s") Duration sweepInterval,
    @DefaultValue("2s") Duration sweepGrace,
    @DefaultValue("500") int sweepBatchSize) {

  public OutboxProperties {
    if (rails < 1 || sweepBatchSize < 1) {
      throw new IllegalArgumentException("ticket-api.outbox.rails and sweep-batch-size must be >= 1");
    }
    if (sweepInterval.isNegative() || sweepInterval.isZero() || sweepGrace.isNegative()) {
      throw new IllegalArgumentException("ticket-api.outbox.sweep-interval must be > 0 and sweep-grace >= 0");
    }
  }
}
