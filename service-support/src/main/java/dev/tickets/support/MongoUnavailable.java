package dev.tickets.support;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteConcernException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;

/**
 * Tells a MongoDB outage (the same request may succeed later: 503 on ticket-api, retried in place
 * on the projector) from a defect, for both services alike.
 */
public final class MongoUnavailable {

  /** How many causes are looked at: enough for any wrapping, and a cycle of causes ends. */
  private static final int MAX_CAUSES = 16;

  private MongoUnavailable() {}

  /**
   * Whether {@code failure}, or a failure that caused it, is transient: unreachable or timed out, a
   * connection pool cleared (the driver pauses a server's pool when it finds the server gone, for
   * instance when a new connection's handshake or the heartbeat times out, and fails the operations
   * waiting for a connection; Spring reports that as an uncategorized error), no primary (an
   * election), a node recovering, a write concern not met, or anything the driver labels retryable.
   */
  public static boolean isUnavailable(Throwable failure) {
    Throwable cause = failure;
    for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++) {
      if (isTransient(cause)) {
        return true;
      }
      cause = cause.getCause();
    }
    return false;
  }

  private static boolean isTransient(Throwable failure) {
    return failure instanceof DataAccessResourceFailureException
        || failure instanceof TransientDataAccessException
        || failure instanceof MongoSocketException
        || failure instanceof MongoTimeoutException
        || failure instanceof MongoConnectionPoolClearedException
        || failure instanceof MongoNotPrimaryException
        || failure instanceof MongoNodeIsRecoveringException
        || failure instanceof MongoWriteConcernException
        || failure instanceof MongoBulkWriteException bulk && bulk.getWriteConcernError() != null
        || failure instanceof MongoException mongo
            && (mongo.hasErrorLabel("RetryableWriteError")
                || mongo.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL));
  }
}
