package dev.tickets.api.ticket.idempotency;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How {@code Idempotency-Key}s are kept.
 *
 * @param retention how long a key is remembered after its first use (a repeat after it executes
 *     again)
 * @param lease how long the first execution holds its key; a repeat may take over a key whose
 *     execution died without an answer only after it
 * @param waitTimeout how long a repeat waits for the first execution's answer before it gets 409
 */
@ConfigurationProperties("ticket-api.idempotency")
public record IdempotencyProperties(
    @DefaultValue("24h") Duration retention,
    @DefaultValue("30s") Duration lease,
    @DefaultValue("5s") Duration waitTimeout) {

  public IdempotencyProperties {
    if (notPositive(retention) || notPositive(lease) || waitTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "ticket-api.idempotency.retention and lease must be "
              + "positive and wait-timeout not negative");
    }
    if (retention.compareTo(lease.plus(waitTimeout).multipliedBy(2)) < 0) {
      throw new IllegalArgumentException(
          "ticket-api.idempotency.retention ("
              + retention
              + ") must be at least twice lease plus wait-timeout ("
              + lease.plus(waitTimeout)
              + "), or a running request's key could expire under it");
    }
  }

  private static boolean notPositive(Duration duration) {
    return duration.isNegative() || duration.isZero();
  }
}
