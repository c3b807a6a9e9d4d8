package dev.tickets.projector.projection.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.ServerAddress;
import java.util.List;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

/** Which MongoDB failures are outages (retried in place) and which are defects. */
class MongoOutagesTests {

  @Test
  void anElectionAnUnreachableServerAndARetryableWriteAreOutages() {
    MongoException retryable = new MongoException("interrupted");
    retryable.addLabel("RetryableWriteError");

    assertThat(
            List.of(
                new MongoNotPrimaryException(new BsonDocument(), new ServerAddress()),
                new MongoSocketReadException("reset", new ServerAddress()),
                retryable))
        .allMatch(MongoOutages::isOutage);
  }

  @Test
  void aRefusedCommandIsADefect() {
    assertThat(
            MongoOutages.isOutage(
                new MongoCommandException(
                    BsonDocument.parse("{ok: 0, code: 2, errmsg: 'bad value'}"),
                    new ServerAddress())))
        .isFalse();
  }
}
