package dev.tickets.projector.projection.kafka;

import java.util.Objects;

import dev.tickets.projector.projection.Delivery;
import dev.tickets.projector.projection.Projection;
import dev.tickets.projector.projection.ProjectionOutcome;
import reactor.core.publisher.Flux;
import reactor.util.concurrent.Queues;

/**
 * Per-key order with concurrency across keys. Each delivery goes to one of a fixed number of
 * rails by its (partition, key); a rail settles its deliveries strictly one after another in
 * arrival (offset) order, and all rails run concurrently. With as many concurrent inner
 * subscriptions as there are groups, {@code groupBy} cannot starve a group and deadlock.
 */
final class ProjectionPipeline {

  private final Projection projection;
  private final int rails;
  private final int prefetch;

  ProjectionPipeline(Projection projection, int rails) {
    this(projection, rails, Queues.SMALL_BUFFER_SIZE);
  }

  ProjectionPipeline(Projection projection, int rails, int prefetch) {
    if (rails < 1) {
      throw new IllegalArgumentException("rails must be at least 1, was " + rails);
    }
    this.projection = projection;
    this.rails = rails;
    this.prefetch = prefetch;
  }

  Flux<ProjectionOutcome> run(Flux<Delivery> deliveries) {
    // A rail waiting on a gap holds what arrives for it; with a small prefetch those held records
    // would use up groupBy's demand and idle every other rail. The consumer itself pauses at
    // max-deferred-commits, so buffering as many bounds memory the same way.
    return deliveries.groupBy(this::rail, prefetch)
        .flatMap(rail -> rail.concatMap(projection::project), rails);
  }

  /** The same ticket on the same partition always takes the same rail. */
  int rail(Delivery delivery) {
    return Math.floorMod(Objects.hash(delivery.partition(), delivery.key()), rails);
  }
}
