package dev.tickets.projector.consumer;

import java.util.Objects;

import dev.tickets.projector.replica.Delivery;
import dev.tickets.projector.replica.Projection;
import dev.tickets.projector.replica.ProjectionOutcome;
import reactor.core.publisher.Flux;

/**
 * Per-key order with concurrency across keys. Each delivery goes to one of a fixed number of
 * rails by its (partition, key); a rail settles its deliveries strictly one after another in
 * arrival (offset) order, and all rails run concurrently. With as many concurrent inner
 * subscriptions as there are groups, {@code groupBy} cannot starve a group and deadlock.
 */
final class ProjectionPipeline {

  private final Projection projection;
  private final int rails;

  ProjectionPipeline(Projection projection, int rails) {
    if (rails < 1) {
      throw new IllegalArgumentException("rails must be at least 1, was " + rails);
    }
    this.projection = projection;
    this.rails = rails;
  }

  Flux<ProjectionOutcome> run(Flux<Delivery> deliveries) {
    return deliveries.groupBy(this::rail)
        .flatMap(rail -> rail.concatMap(projection::project), rails);
  }

  /** The same ticket on the same partition always takes the same rail. */
  int rail(Delivery delivery) {
    return Math.floorMod(Objects.hash(delivery.partition(), delivery.key()), rails);
  }
}
