package dev.tickets.projector.projection.kafka;

import dev.tickets.projector.ProjectorProperties;
import reactor.kafka.receiver.ReceiverOptions;

/**
 * When an offset is committed. A record is acknowledged once it is settled: applied, found a
 * duplicate, or parked on the dead-letter topic (acknowledged by Kafka); a held record (waiting for
 * a missing version) is not. Records are settled in version order per ticket, not in offset order,
 * so reactor-kafka's out-of-order commits ({@code maxDeferredCommits}) commit each partition only
 * up to its first record that is not acknowledged: never past an unsettled record. Commits happen
 * every {@code commit-interval}, when partitions are revoked (a rebalance waits up to {@code
 * max-delay-rebalance} for records in flight) and when the consumer closes on a graceful stop
 * (within {@code close-timeout}); a failed commit is retried through any Kafka outage. {@code
 * commit()} is never called: it would bypass this ordering.
 */
final class OffsetCommits {

  private OffsetCommits() {}

  /** The options with the commit settings above. */
  static <K, V> ReceiverOptions<K, V> configured(
      ReceiverOptions<K, V> options, ProjectorProperties properties) {
    return options
        .maxDeferredCommits(properties.maxDeferredCommits())
        .commitInterval(properties.commitInterval())
        .closeTimeout(properties.closeTimeout())
        .maxDelayRebalance(properties.maxDelayRebalance())
        .maxCommitAttempts(Integer.MAX_VALUE);
  }
}
