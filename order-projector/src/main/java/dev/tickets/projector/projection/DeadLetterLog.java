package dev.tickets.projector.projection;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The dead-letter topic as operators use it: read it all, send a record back to be applied. */
public interface DeadLetterLog {

  /** The dead-letter topic's name: positions are only unique within it. */
  String topic();

  /** Every record on the dead-letter topic, as of now, by partition and offset. */
  Flux<ParkedRecord> read();

  /**
   * Sends the parked record (same key and value) back to the ticket topic with a
   * {@code dlt-replayed} header naming its dead-letter position; completes with the position it
   * got there ({@code partition:offset}) once the log acknowledged it.
   */
  Mono<String> resend(ParkedRecord record);
}
