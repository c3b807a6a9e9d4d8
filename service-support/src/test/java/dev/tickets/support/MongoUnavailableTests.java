package dev.tickets.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.ServerAddress;
import com.mongodb.connection.ClusterId;
import com.mongodb.connection.ServerId;
import java.io.IOException;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.UncategorizedMongoDbException;

class MongoUnavailableTests {

  private static final ServerAddress SERVER = new ServerAddress("127.0.0.1", 27017);

  /**
   * Found with a link to MongoDB frozen (LinkFaultScenariosIT): once the driver finds the server
   * gone (a new connection's handshake or the heartbeat timed out), it pauses that server's pool
   * and fails the operations waiting for a connection with an error that Spring wraps as
   * uncategorized. ticket-api answered them 500, and the projector stopped consuming.
   */
  @Test
  void aConnectionPoolClearedAfterATimeoutIsAnOutageEvenWhenSpringWrapsIt() {
    MongoConnectionPoolClearedException cleared =
        new MongoConnectionPoolClearedException(
            new ServerId(new ClusterId(), SERVER),
            new MongoSocketReadTimeoutException("Timeout", SERVER, new IOException()));

    assertThat(MongoUnavailable.isUnavailable(cleared)).isTrue();
    assertThat(
            MongoUnavailable.isUnavailable(
                new UncategorizedMongoDbException("pool paused", cleared)))
        .isTrue();
  }

  @Test
  void aCycleOfCausesEnds() {
    IllegalStateException first = new IllegalStateException("first");
    IllegalStateException second = new IllegalStateException("second", first);
    first.initCause(second);

    assertThat(MongoUnavailable.isUnavailable(first)).isFalse();
  }

  @Test
  void aRefusedCommandIsADefectWrappedOrNot() {
    MongoCommandException refused =
        new MongoCommandException(
            BsonDocument.parse("{ok: 0, code: 2, errmsg: 'bad value'}"), SERVER);

    assertThat(MongoUnavailable.isUnavailable(refused)).isFalse();
    assertThat(MongoUnavailable.isUnavailable(new UncategorizedMongoDbException("bad", refused)))
        .isFalse();
    assertThat(MongoUnavailable.isUnavailable(new IllegalStateException("bug"))).isFalse();
  }
}
