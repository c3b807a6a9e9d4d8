package dev.tickets.support;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.stereotype.Component;

/**
 * Bounds on every wait of the MongoDB driver, for both services, where the connection string sets
 * none. The driver's own defaults wait for an answer on an open connection forever ({@code
 * socketTimeoutMS=0}), for a pooled connection 2 minutes and for a reachable server 30 s: a link
 * that stops answering while its connections stay open (a frozen peer, a dropped route) would hold
 * every request, and every record being applied, without bound. With these, an operation on such a
 * link fails within {@link #READ} (MongoDB unavailable: 503 on ticket-api, retried on the
 * projector), and one that first waits for a connection or a server within {@link #WAIT} more.
 *
 * <p>Each bound is the connection string's option when it has one ({@code connectTimeoutMS}, {@code
 * socketTimeoutMS}, {@code waitQueueTimeoutMS}, {@code serverSelectionTimeoutMS}); an operator with
 * slow queries raises it there.
 */
@Component
public class MongoTimeouts implements MongoClientSettingsBuilderCustomizer {

  /** A TCP connect and the handshake on a new connection, and the heartbeat's answer. */
  public static final Duration CONNECT = Duration.ofSeconds(5);

  /** An answer to a request sent on an open connection. */
  public static final Duration READ = Duration.ofSeconds(5);

  /** A connection from the pool, and a server to send to. */
  public static final Duration WAIT = Duration.ofSeconds(5);

  private final ConnectionString uri;

  public MongoTimeouts(MongoConnectionDetails connection) {
    this.uri = connection.getConnectionString();
  }

  @Override
  public void customize(MongoClientSettings.Builder settings) {
    settings.applyToSocketSettings(
        socket -> {
          if (uri.getConnectTimeout() == null) {
            socket.connectTimeout(millis(CONNECT), TimeUnit.MILLISECONDS);
          }
          if (uri.getSocketTimeout() == null) {
            socket.readTimeout(millis(READ), TimeUnit.MILLISECONDS);
          }
        });
    settings.applyToConnectionPoolSettings(
        pool -> {
          if (uri.getMaxWaitTime() == null) {
            pool.maxWaitTime(millis(WAIT), TimeUnit.MILLISECONDS);
          }
        });
    settings.applyToClusterSettings(
        cluster -> {
          if (uri.getServerSelectionTimeout() == null) {
            cluster.serverSelectionTimeout(millis(WAIT), TimeUnit.MILLISECONDS);
          }
        });
  }

  private static int millis(Duration duration) {
    return Math.toIntExact(duration.toMillis());
  }
}
