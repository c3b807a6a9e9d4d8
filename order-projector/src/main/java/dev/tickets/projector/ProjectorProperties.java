package dev.tickets.projector;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the order projector.
 *
 * @param topic the topic of ticket events to consume
 * @param deadLetterTopic where records that cannot be applied are parked
 * @param groupId the Kafka consumer group; instances of one group share the partitions
 * @param rails how many tickets are processed concurrently; records hash by partition and key
 *     onto a rail, one rail processes strictly in order
 * @param gapTimeout how long a record waits for missing earlier versions before it is parked
 * @param maxDeferredCommits acknowledged records waiting behind an unfinished earlier record of
 *     their partition; at this many the consumer pauses until the earlier record settles
 * @param commitInterval how often acknowledged offsets are committed
 * @param closeTimeout how long a graceful stop may take to commit and close the consumer
 * @param maxDelayRebalance how long a rebalance waits for records in flight before revoking
 * @param retry backoff between retries of gaps and of MongoDB or Kafka outages
 * @param kafka connection to the Kafka cluster
 */
@ConfigurationProperties("order-projector")
public record ProjectorProperties(
    @DefaultValue("ticket-events") String topic,
    @DefaultValue("ticket-events.DLT") String deadLetterTopic,
    @DefaultValue("order-projector") String groupId,
    @DefaultValue("16") int rails,
    @DefaultValue("30s") Duration gapTimeout,
    @DefaultValue("10000") int maxDeferredCommits,
    @DefaultValue("1s") Duration commitInterval,
    @DefaultValue("10s") Duration closeTimeout,
    @DefaultValue("10s") Duration maxDelayRebalance,
    @DefaultValue Retry retry,
    @DefaultValue Kafka kafka) {

  /**
   * Backoff between retries: exponential with jitter, from the initial to the maximum delay.
   *
   * @param initialBackoff the first delay
   * @param maxBackoff the largest delay
   */
  public record Retry(@DefaultValue("100ms") Duration initialBackoff,
      @DefaultValue("5s") Duration maxBackoff) {
  }

  /**
   * Kafka connection.
   *
   * @param bootstrapServers comma-separated {@code host:port} list of brokers
   */
  public record Kafka(@DefaultValue("localhost:9092") String bootstrapServers) {
  }
}
