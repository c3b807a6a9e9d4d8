package dev.tickets.support;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.stereotype.Component;

/**
 * Bounds on every wait of the MongoDB driver, for both services. The driver's own defaults wait for
 * an answer on an open connection forever ({@code socketTimeoutMS=0}), for a pooled connection 2
 * minutes and for a reachable server 30 s: a link that stops answering while its connections stay
 * open (a frozen peer, a dropped route) would hold every request, and every record being applied,
 * without bound. With these, an operation on such a link fails after {@link #READ} (MongoDB
 * unavailable: 503 on ticket-api, retried in place on the projector); one that first waits for a
 * pooled connection waits {@link #POOL} more, and one that waits for a server (once the heartbeat
 * found it gone) {@link #SERVER_SELECTION} more. The driver retries a failed read or write once.
 *
 * <p>A bound is applied only where nothing chose it already: not when the connection string sets it
 * ({@code connectTimeoutMS}, {@code socketTimeoutMS}, {@code waitQueueTimeoutMS}, {@code
 * serverSelectionTimeoutMS}), not when another customizer or a {@code MongoClientSettings} bean
 * changed it from the driver's default, and none at all when the connection string sets the
 * client-side operation timeout ({@code timeoutMS}), which bounds all of them.
 */
@Component
public class MongoTimeouts implements MongoClientSettingsBuilderCustomizer {

  /** A TCP connect and the handshake on a new connection, and the heartbeat's answer. */
  public static final Duration CONNECT = Duration.ofSeconds(5);

  /** An answer to a request sent on an open connection. */
  public static final Duration READ = Duration.ofSeconds(5);

  /** A connection from the pool. */
  public static final Duration POOL = Duration.ofSeconds(5);

  /**
   * A server to send to, once the heartbeat found the server gone: long enough for a replica set's
   * election (typically under 12 s) to be ridden out by most requests rather than answered 503.
   */
  public static final Duration SERVER_SELECTION = Duration.ofSeconds(10);

  private static final MongoClientSettings DRIVER_DEFAULTS = MongoClientSettings.builder().build();

  private final ConnectionString uri;

  public MongoTimeouts(MongoConnectionDetails connection) {
    this.uri = connection.getConnectionString();
  }

  @Override
  public void customize(MongoClientSettings.Builder settings) {
    if (uri.getTimeout() != null) {
      return;
    }
    MongoClientSettings chosen = settings.build();
    settings.applyToSocketSettings(
        socket -> {
          if (uri.getConnectTimeout() == null
              && connectTimeout(chosen) == connectTimeout(DRIVER_DEFAULTS)) {
            socket.connectTimeout(millis(CONNECT), TimeUnit.MILLISECONDS);
          }
          if (uri.getSocketTimeout() == null
              && readTimeout(chosen) == readTimeout(DRIVER_DEFAULTS)) {
            socket.readTimeout(millis(READ), TimeUnit.MILLISECONDS);
          }
        });
    settings.applyToConnectionPoolSettings(
        pool -> {
          if (uri.getMaxWaitTime() == null && maxWait(chosen) == maxWait(DRIVER_DEFAULTS)) {
            pool.maxWaitTime(millis(POOL), TimeUnit.MILLISECONDS);
          }
        });
    settings.applyToClusterSettings(
        cluster -> {
          if (uri.getServerSelectionTimeout() == null
              && selection(chosen) == selection(DRIVER_DEFAULTS)) {
            cluster.serverSelectionTimeout(millis(SERVER_SELECTION), TimeUnit.MILLISECONDS);
          }
        });
  }

  private static long connectTimeout(MongoClientSettings settings) {
    return settings.getSocketSettings().getConnectTimeout(TimeUnit.MILLISECONDS);
  }

  private static long readTimeout(MongoClientSettings settings) {
    return settings.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS);
  }

  private static long maxWait(MongoClientSettings settings) {
    return settings.getConnectionPoolSettings().getMaxWaitTime(TimeUnit.MILLISECONDS);
  }

  private static long selection(MongoClientSettings settings) {
    return settings.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS);
  }

  private static int millis(Duration duration) {
    return Math.toIntExact(duration.toMillis());
  }
}
