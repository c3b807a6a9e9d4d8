package dev.tickets.projector.projection.mongo;

import dev.tickets.projector.projection.InfrastructureUnavailable;
import dev.tickets.support.MongoUnavailable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Tells a MongoDB outage (retried without limit) from a defect (which stops the projector). */
final class MongoOutages {

  private MongoOutages() {}

  /** Whether {@code failure} is an outage: {@link MongoUnavailable#isUnavailable}. */
  static boolean isOutage(Throwable failure) {
    return MongoUnavailable.isUnavailable(failure);
  }

  /** The same work, with outages reported as {@link InfrastructureUnavailable}. */
  static <T> Mono<T> translated(Mono<T> work, String what) {
    return work.onErrorMap(MongoOutages::isOutage, failure -> unavailable(what, failure));
  }

  /** The same work, with outages reported as {@link InfrastructureUnavailable}. */
  static <T> Flux<T> translated(Flux<T> work, String what) {
    return work.onErrorMap(MongoOutages::isOutage, failure -> unavailable(what, failure));
  }

  private static InfrastructureUnavailable unavailable(String what, Throwable failure) {
    return new InfrastructureUnavailable("MongoDB unavailable while " + what, failure);
  }
}
