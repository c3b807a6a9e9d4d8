package dev.tickets.api.ticket.outbox;

import java.time.Duration;

/** Outbox properties for unit tests: small limits and short backoffs. */
final class OutboxTestProperties {

  private OutboxTestProperties() {}

  /** Small limits, a sweep every hour, publisher restarts after 200 ms, resends after 100 ms. */
  static OutboxProperties of(Duration sweepGrace, Duration sweepLease, Duration removalLinger) {
    return new OutboxProperties(
        true,
        100,
        10,
        Duration.ofHours(1),
        sweepGrace,
        sweepLease,
        10,
        10,
        Duration.ofSeconds(30),
        Duration.ofSeconds(1),
        Duration.ofMillis(200),
        Duration.ofSeconds(1),
        Duration.ofMillis(100),
        Duration.ofMillis(500),
        removalLinger);
  }
}
