package dev.tickets.projector.projection.kafka;

import dev.tickets.projector.projection.Delivery;
import java.util.concurrent.CompletableFuture;
import reactor.core.publisher.Flux;

/** The event log as deliveries: the one seam between the projector and its Kafka client. */
interface RecordSource {

  /**
   * The records of the topic for this consumer group, at least once. Consumption starts on
   * subscription; cancelling stops it after committing the acknowledged offsets. Offsets are
   * committed only up to the first unacknowledged record of each partition.
   */
  Flux<Delivery> receive();

  /** Completes once the consumer of the latest {@link #receive()} has committed and closed. */
  CompletableFuture<Void> closed();
}
