package dev.tickets.projector;

import dev.tickets.support.OperatorCredential;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the order projector.
 *
 * @param topic the topic of ticket events to consume
 * @param deadLetterTopic where records that cannot be applied are parked
 * @param groupId the Kafka consumer group; instances of one group share the partitions
 * @param groupInstanceId this instance's static member id in the group (Kafka's {@code
 *     group.instance.id}, KIP-345), or none for a dynamic member: an instance restarted with the
 *     same id gets its partitions back at once, without a rebalance, as long as it returns within
 *     {@code session.timeout.ms}. It must stay the same across the instance's restarts and differ
 *     from every other instance's; a second instance with the same id fences the first
 * @param maxWritesInFlight how many writes to MongoDB may be in flight at once; each carries the
 *     next version of up to {@code maxBatchSize} tickets
 * @param maxBatchSize how many tickets' records one write (an unordered {@code bulkWrite}) may
 *     carry
 * @param gapTimeout how long a record waits for missing earlier versions before it is parked
 * @param maxDeferredCommits how many received records may wait unsettled (held for a missing
 *     version, queued or being written), and how many acknowledged records may wait behind an
 *     unsettled earlier record of their partition; at either limit the consumer pauses
 * @param commitInterval how often acknowledged offsets are committed
 * @param closeTimeout how long a graceful stop may take to commit and close the consumer
 * @param maxDelayRebalance how long a rebalance waits for records in flight before revoking
 * @param resubscribeBackoff how long the projector waits before a new consumer subscribes after the
 *     consumer failed; the wait doubles with each failure in a row, up to {@code
 *     resubscribeMaxBackoff}
 * @param resubscribeMaxBackoff the longest wait before such a resubscription
 * @param retry backoff between retries of gaps and of MongoDB or Kafka outages
 * @param read reads that wait for a version of a replica
 * @param kafka connection to the Kafka cluster
 * @param operator the operator's credential for the actuator's non-public endpoints ({@code
 *     /actuator/deadletters}, {@code /actuator/metrics}) and health details
 */
@ConfigurationProperties("order-projector")
public record ProjectorProperties(
    @DefaultValue("ticket-events") String topic,
    @DefaultValue("ticket-events.DLT") String deadLetterTopic,
    @DefaultValue("order-projector") String groupId,
    String groupInstanceId,
    @DefaultValue("4") int maxWritesInFlight,
    @DefaultValue("500") int maxBatchSize,
    @DefaultValue("30s") Duration gapTimeout,
    @DefaultValue("10000") int maxDeferredCommits,
    @DefaultValue("1s") Duration commitInterval,
    @DefaultValue("10s") Duration closeTimeout,
    @DefaultValue("10s") Duration maxDelayRebalance,
    @DefaultValue("1s") Duration resubscribeBackoff,
    @DefaultValue("30s") Duration resubscribeMaxBackoff,
    @DefaultValue Retry retry,
    @DefaultValue Read read,
    @DefaultValue Kafka kafka,
    @DefaultValue @NestedConfigurationProperty OperatorCredential operator) {

  /** Kafka's rule for a {@code group.instance.id}, as for a topic name. */
  private static final Pattern INSTANCE_ID = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  public ProjectorProperties {
    if (groupInstanceId != null && groupInstanceId.isBlank()) {
      groupInstanceId = null;
    }
    if (groupInstanceId != null && !INSTANCE_ID.matcher(groupInstanceId).matches()) {
      throw new IllegalArgumentException(
          "order-projector.group-instance-id must be 1 to 249 of a-z, A-Z, 0-9, '.', '_' and '-', not '"
              + groupInstanceId
              + "'");
    }
    if (kafka != null && kafka.consumer().containsKey("group.instance.id")) {
      throw new IllegalArgumentException(
          "order-projector.kafka.consumer.group.instance.id is not taken: set "
              + "order-projector.group-instance-id instead");
    }
    if (resubscribeMaxBackoff.compareTo(resubscribeBackoff) < 0) {
      throw new IllegalArgumentException(
          "order-projector.resubscribe-max-backoff must be >= resubscribe-backoff");
    }
  }

  /**
   * Backoff between retries: exponential with jitter, from the initial to the maximum delay.
   *
   * @param initialBackoff the first delay
   * @param maxBackoff the largest delay
   */
  public record Retry(
      @DefaultValue("100ms") Duration initialBackoff, @DefaultValue("5s") Duration maxBackoff) {}

  /**
   * Reads that wait for a version ({@code GET /api/tickets/{id}?minVersion=N}).
   *
   * @param maxWait the longest a read waits for its version (a {@code Prefer: wait} asks for less);
   *     whole seconds, as {@code Prefer: wait} and {@code Preference-Applied} count them
   * @param maxWaiters how many reads may wait at once; beyond it a read gets 503 at once
   * @param pollInterval how often one look-up reads the replicas of every ticket some read waits
   *     for, to learn of versions another instance applied
   */
  public record Read(
      @DefaultValue("5s") Duration maxWait,
      @DefaultValue("10000") int maxWaiters,
      @DefaultValue("100ms") Duration pollInterval) {

    public Read {
      if (maxWait.isNegative()
          || maxWait.getNano() != 0
          || maxWaiters < 1
          || pollInterval.isNegative()
          || pollInterval.isZero()) {
        throw new IllegalArgumentException(
            "order-projector.read: max-wait must be whole seconds from 0, max-waiters 1 or more "
                + "and poll-interval positive; were "
                + maxWait
                + ", "
                + maxWaiters
                + " and "
                + pollInterval);
      }
    }
  }

  /**
   * Kafka connection.
   *
   * @param bootstrapServers comma-separated {@code host:port} list of brokers
   * @param consumer further Kafka consumer properties, e.g. {@code security.protocol} or {@code
   *     fetch.max.wait.ms}; the group, the offset handling ({@code enable.auto.commit=false},
   *     {@code auto.offset.reset=earliest}) and the deserializers cannot be overridden here
   */
  public record Kafka(
      @DefaultValue("localhost:9092") String bootstrapServers, Map<String, String> consumer) {

    public Kafka {
      consumer = consumer == null ? Map.of() : Map.copyOf(consumer);
    }
  }
}
