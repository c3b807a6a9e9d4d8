package dev.tickets.api.ticket.outbox;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * {@code outbox}: UP while the publication pipeline runs, DOWN once it ended; with the backlog of
 * the last sweep. Writes still succeed while it is DOWN; their events wait in the database.
 */
@Component("outboxHealthIndicator")
class OutboxHealthIndicator extends AbstractHealthIndicator {

  private final OutboxRelay relay;
  private final OutboxMetrics metrics;

  OutboxHealthIndicator(OutboxRelay relay, OutboxMetrics metrics) {
    this.relay = relay;
    this.metrics = metrics;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    PendingEvents.Backlog backlog = metrics.backlog();
    (relay.isRunning() ? builder.up() : builder.down())
        .withDetail("pendingEvents", backlog.count())
        .withDetail("oldestPendingSince", backlog.oldest() == null ? "none" : backlog.oldest().toString());
  }
}
