package dev.tickets.projector.projection;

import java.util.List;
import reactor.core.publisher.Flux;

/** The dead-letter topic as operators use it: read it all, send a record back to be applied. */
public interface DeadLetterLog {

  /** The dead-letter topic's name: positions are only unique within it. */
  String topic();

  /** Every record on the dead-letter topic, as of now, by partition and offset. */
  Flux<ParkedRecord> read();

  /**
   * Sends the parked records (same key and value), in the order given, back to the ticket topic,
   * each with a {@code dlt-replayed} header naming its dead-letter position; emits, in the same
   * order, the position each got there ({@code partition:offset}) once the log acknowledged it.
   */
  Flux<String> resend(List<ParkedRecord> records);
}
