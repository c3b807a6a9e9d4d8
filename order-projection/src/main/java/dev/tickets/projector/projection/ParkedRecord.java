package dev.tickets.projector.projection;

import java.time.Instant;

/**
 * A record on the dead-letter topic, as an operator sees it.
 *
 * @param ticketId the record's key
 * @param version the event's version, or null when the record is not a valid event
 * @param reason why it was parked (a {@code ParkReason} wire name)
 * @param detail the reason's detail
 * @param originalPartition where it was read from
 * @param originalOffset its offset there
 * @param parkedAt when it was parked (the dead-letter record's timestamp)
 * @param partition its partition on the dead-letter topic
 * @param offset its offset on the dead-letter topic
 * @param replayedAt when it was last replayed to the ticket topic, or null
 */
public record ParkedRecord(
    String ticketId,
    Long version,
    String reason,
    String detail,
    int originalPartition,
    long originalOffset,
    Instant parkedAt,
    int partition,
    long offset,
    Instant replayedAt) {

  /** Identifies the record on the dead-letter topic. */
  public String position() {
    return partition + ":" + offset;
  }

  public ParkedRecord replayed(Instant at) {
    return new ParkedRecord(
        ticketId,
        version,
        reason,
        detail,
        originalPartition,
        originalOffset,
        parkedAt,
        partition,
        offset,
        at);
  }
}
