package dev.tickets.projector.projection.mongo;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteConcernException;
import dev.tickets.projector.projection.InfrastructureUnavailable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import reactor.core.publisher.Mono;

/** Tells a MongoDB outage (retried without limit) from a defect (which stops the projector). */
final class MongoOutages {

  private MongoOutages() {}

  /**
   * Spring's and the driver's transient failures: unreachable or timed out, no primary (an
   * election), a node recovering, a write concern not met, or anything the driver labels retryable.
   */
  static boolean isOutage(Throwable failure) {
    return failure instanceof DataAccessResourceFailureException
        || failure instanceof TransientDataAccessException
        || failure instanceof MongoSocketException
        || failure instanceof MongoTimeoutException
        || failure instanceof MongoNotPrimaryException
        || failure instanceof MongoNodeIsRecoveringException
        || failure instanceof MongoWriteConcernException
        || failure instanceof MongoBulkWriteException bulk && bulk.getWriteConcernError() != null
        || failure instanceof MongoException mongo
            && (mongo.hasErrorLabel("RetryableWriteError")
                || mongo.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL));
  }

  /** The same work, with outages reported as {@link InfrastructureUnavailable}. */
  static <T> Mono<T> translated(Mono<T> work, String what) {
    return work.onErrorMap(
        MongoOutages::isOutage,
        failure -> new InfrastructureUnavailable("MongoDB unavailable while " + what, failure));
  }
}
