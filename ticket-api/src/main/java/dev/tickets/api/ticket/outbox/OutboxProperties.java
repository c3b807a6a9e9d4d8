package dev.tickets.api.ticket.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How pending events are published.
 *
 * @param relayEnabled whether this instance publishes (fast path and sweeper); when off, its writes
 *     still record their events, which another instance's sweeper (or this one's, once on) sends
 * @param capacity events the relay holds in memory (waiting behind their ticket's earlier version
 *     or awaiting Kafka's acknowledgement); beyond it, fresh events are left to the sweeper
 * @param maxInFlight events handed to the Kafka producer and not yet acknowledged
 * @param sweepInterval how often the sweeper looks for events the fast path did not publish
 * @param sweepGrace how long the fast path has to publish an event before the sweeper may take it
 * @param sweepLease how long a ticket taken by one instance's sweeper is left to it; longer than
 *     {@code ticket-api.kafka.delivery-timeout}, so that a slow send is not repeated by another
 *     sweep. It ends early, {@code sweep-grace} after the last event the claim took was
 *     acknowledged, when newer events of the ticket wait
 * @param sweepBatchSize at most this many tickets per sweep
 * @param degradedPendingEvents health is DEGRADED above this many pending events
 * @param degradedPendingAge health is DEGRADED when the oldest pending event is older than this
 * @param stopTimeout how long a graceful stop waits for events in flight to be acknowledged and
 *     forgotten; what is left is published after the next start
 * @param restartBackoff how long the relay waits before it restarts its publisher or its sweeper
 *     after a failure; the wait doubles with each failure in a row, up to {@code restartMaxBackoff}
 * @param restartMaxBackoff the longest wait before such a restart
 * @param resendBackoff how long a ticket whose send failed waits before its event is sent again (a
 *     read of its pending events that failed, likewise); the wait doubles with each failure of the
 *     ticket in a row, up to {@code resendMaxBackoff}; its newer events wait behind it
 * @param resendMaxBackoff the longest wait before such a resend
 * @param removalLinger how long acknowledgements gather before one bulk write removes their events
 *     from their tickets (0: at once); the longer, the fewer database writes per event, and the
 *     longer acknowledged events stay in their documents; keep it well below {@code sweepGrace}, or
 *     the sweeper sends acknowledged events again
 */
@ConfigurationProperties("ticket-api.outbox")
public record OutboxProperties(
    @DefaultValue("true") boolean relayEnabled,
    @DefaultValue("16384") int capacity,
    @DefaultValue("1024") int maxInFlight,
    @DefaultValue("5s") Duration sweepInterval,
    @DefaultValue("2s") Duration sweepGrace,
    @DefaultValue("60s") Duration sweepLease,
    @DefaultValue("500") int sweepBatchSize,
    @DefaultValue("10000") long degradedPendingEvents,
    @DefaultValue("30s") Duration degradedPendingAge,
    @DefaultValue("10s") Duration stopTimeout,
    @DefaultValue("1s") Duration restartBackoff,
    @DefaultValue("30s") Duration restartMaxBackoff,
    @DefaultValue("500ms") Duration resendBackoff,
    @DefaultValue("5s") Duration resendMaxBackoff,
    @DefaultValue("100ms") Duration removalLinger) {

  public OutboxProperties {
    if (capacity < 1 || maxInFlight < 1 || sweepBatchSize < 1 || degradedPendingEvents < 1) {
      throw new IllegalArgumentException(
          "ticket-api.outbox.capacity, max-in-flight, sweep-batch-size "
              + "and degraded-pending-events must be >= 1");
    }
    requirePositive("sweep-interval", sweepInterval);
    requirePositive("sweep-lease", sweepLease);
    requirePositive("degraded-pending-age", degradedPendingAge);
    requirePositive("stop-timeout", stopTimeout);
    requirePositive("restart-backoff", restartBackoff);
    if (restartMaxBackoff.compareTo(restartBackoff) < 0) {
      throw new IllegalArgumentException(
          "ticket-api.outbox.restart-max-backoff must be >= restart-backoff");
    }
    requirePositive("resend-backoff", resendBackoff);
    if (resendMaxBackoff.compareTo(resendBackoff) < 0) {
      throw new IllegalArgumentException(
          "ticket-api.outbox.resend-max-backoff must be >= resend-backoff");
    }
    if (sweepGrace.isNegative()) {
      throw new IllegalArgumentException("ticket-api.outbox.sweep-grace must be >= 0");
    }
    if (removalLinger.isNegative()) {
      throw new IllegalArgumentException("ticket-api.outbox.removal-linger must be >= 0");
    }
  }

  private static void requirePositive(String name, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("ticket-api.outbox." + name + " must be > 0");
    }
  }
}
