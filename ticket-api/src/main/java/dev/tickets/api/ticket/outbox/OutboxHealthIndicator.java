package dev.tickets.api.ticket.outbox;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * {@code outbox}: UP while events are published; DEGRADED when the backlog of the last sweep is
 * above {@code degraded-pending-events} or its oldest event older than {@code degraded-pending-age}
 * (the relay does not keep up, or Kafka is away); DOWN while the producer stream or the sweeper is
 * down (each resubscribes with backoff) or the relay stopped. Writes succeed in every state; their
 * events wait in the database.
 */
@Component("outboxHealthIndicator")
class OutboxHealthIndicator extends AbstractHealthIndicator {

  static final Status DEGRADED =
      new Status("DEGRADED", "The outbox does not keep up; events wait in the database");

  private final OutboxRelay relay;
  private final OutboxMetrics metrics;
  private final OutboxProperties properties;

  OutboxHealthIndicator(OutboxRelay relay, OutboxMetrics metrics, OutboxProperties properties) {
    this.relay = relay;
    this.metrics = metrics;
    this.properties = properties;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    if (!properties.relayEnabled()) {
      builder.up().withDetail("relay", "disabled");
      return;
    }
    PendingEvents.Backlog backlog = metrics.backlog();
    boolean behind =
        backlog.count() > properties.degradedPendingEvents()
            || metrics.oldestAge().compareTo(properties.degradedPendingAge()) > 0;
    builder
        .status(
            !relay.isPublishing() || !relay.isSweeping()
                ? Status.DOWN
                : behind ? DEGRADED : Status.UP)
        .withDetail("pendingEvents", backlog.count())
        .withDetail(
            "oldestPendingSince", backlog.oldest() == null ? "none" : backlog.oldest().toString());
  }
}
