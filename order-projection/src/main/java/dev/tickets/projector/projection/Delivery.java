package dev.tickets.projector.projection;

/**
 * One record as delivered by the event log, to be acknowledged once settled. Acknowledging lets the
 * log commit this position once every earlier record of the partition is acknowledged too.
 */
public interface Delivery {

  /** The record key: the ticket id, or {@code null} when the producer sent none. */
  String key();

  /** The raw record value, as produced. */
  byte[] value();

  String topic();

  int partition();

  long offset();

  /**
   * The log's timestamp of the record in epoch milliseconds (with Kafka's default {@code
   * CreateTime}, when the producer sent it), or -1 when the log has none.
   */
  default long timestamp() {
    return -1;
  }

  /** Marks the record as settled (applied, duplicate or parked). */
  void acknowledge();

  /** Where the record came from, for logs: {@code topic-partition@offset}. */
  default String describe() {
    return topic() + "-" + partition() + "@" + offset();
  }
}
