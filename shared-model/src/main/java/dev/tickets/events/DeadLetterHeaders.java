package dev.tickets.events;

/** Headers of a record parked on the dead-letter topic, all UTF-8 strings. */
public final class DeadLetterHeaders {

  /** Why the record was parked: one of {@link ParkReason}'s wire names. */
  public static final String REASON = "dlt-reason";

  /** A human-readable detail of the reason (the decoding error, the versions involved). */
  public static final String DETAIL = "dlt-detail";

  /** Topic the record was read from. */
  public static final String ORIGINAL_TOPIC = "dlt-original-topic";

  /** Partition the record was read from, in decimal. */
  public static final String ORIGINAL_PARTITION = "dlt-original-partition";

  /** Offset the record had in its original partition, in decimal. */
  public static final String ORIGINAL_OFFSET = "dlt-original-offset";

  private DeadLetterHeaders() {}
}
