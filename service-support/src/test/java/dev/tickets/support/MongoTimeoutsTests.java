package dev.tickets.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MongoTimeoutsTests {

  @Test
  void aConnectionStringWithoutTimeoutsGetsTheBoundedDefaults() {
    MongoClientSettings settings = settings("mongodb://127.0.0.1:27017/tickets");

    assertThat(settings.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS))
        .isEqualTo(MongoTimeouts.READ.toMillis());
    assertThat(settings.getSocketSettings().getConnectTimeout(TimeUnit.MILLISECONDS))
        .isEqualTo(MongoTimeouts.CONNECT.toMillis());
    assertThat(settings.getConnectionPoolSettings().getMaxWaitTime(TimeUnit.MILLISECONDS))
        .isEqualTo(MongoTimeouts.POOL.toMillis());
    assertThat(settings.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS))
        .isEqualTo(MongoTimeouts.SERVER_SELECTION.toMillis());
  }

  @Test
  void theConnectionStringsOwnTimeoutsWin() {
    MongoClientSettings settings =
        settings(
            "mongodb://127.0.0.1:27017/tickets?socketTimeoutMS=20000&connectTimeoutMS=7000"
                + "&waitQueueTimeoutMS=9000&serverSelectionTimeoutMS=11000");

    assertThat(settings.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS))
        .isEqualTo(20_000);
    assertThat(settings.getSocketSettings().getConnectTimeout(TimeUnit.MILLISECONDS))
        .isEqualTo(7_000);
    assertThat(settings.getConnectionPoolSettings().getMaxWaitTime(TimeUnit.MILLISECONDS))
        .isEqualTo(9_000);
    assertThat(settings.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS))
        .isEqualTo(11_000);
  }

  @Test
  void anInfiniteReadTimeoutAskedForIsKept() {
    MongoClientSettings settings = settings("mongodb://127.0.0.1:27017/tickets?socketTimeoutMS=0");

    assertThat(settings.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS)).isZero();
  }

  @Test
  void anOperationTimeoutInTheConnectionStringLeavesEveryBoundToIt() {
    MongoClientSettings settings = settings("mongodb://127.0.0.1:27017/tickets?timeoutMS=30000");

    assertThat(settings.getTimeout(TimeUnit.MILLISECONDS)).isEqualTo(30_000);
    assertThat(settings.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS)).isZero();
  }

  @Test
  void aTimeoutAnotherCustomizerChoseIsKept() {
    ConnectionString connection = new ConnectionString("mongodb://127.0.0.1:27017/tickets");
    MongoClientSettings.Builder builder =
        MongoClientSettings.builder()
            .applyConnectionString(connection)
            .applyToSocketSettings(socket -> socket.readTimeout(42, TimeUnit.SECONDS));
    new MongoTimeouts(() -> connection).customize(builder);

    assertThat(builder.build().getSocketSettings().getReadTimeout(TimeUnit.SECONDS)).isEqualTo(42);
  }

  /** As Spring Boot builds them: the connection string first, then the customizers. */
  private static MongoClientSettings settings(String uri) {
    ConnectionString connection = new ConnectionString(uri);
    MongoClientSettings.Builder builder =
        MongoClientSettings.builder().applyConnectionString(connection);
    new MongoTimeouts(() -> connection).customize(builder);
    return builder.build();
  }
}
