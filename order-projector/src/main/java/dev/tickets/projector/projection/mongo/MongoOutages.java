package dev.tickets.projector.projection.mongo;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;

import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;

import dev.tickets.projector.projection.InfrastructureUnavailable;
import reactor.core.publisher.Mono;

/** Tells a MongoDB outage (retried without limit) from a defect (which stops the projector). */
final class MongoOutages {

  private MongoOutages() {
  }

  static boolean isOutage(Throwable failure) {
    return failure instanceof DataAccessResourceFailureException
        || failure instanceof TransientDataAccessException
        || failure instanceof MongoSocketException
        || failure instanceof MongoTimeoutException;
  }

  /** The same work, with outages reported as {@link InfrastructureUnavailable}. */
  static <T> Mono<T> translated(Mono<T> work, String what) {
    return work.onErrorMap(MongoOutages::isOutage,
        failure -> new InfrastructureUnavailable("MongoDB unavailable while " + what, failure));
  }
}
