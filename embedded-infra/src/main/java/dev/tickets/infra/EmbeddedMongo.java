package dev.tickets.infra;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MongoDB wire-protocol server (de.bwaldvogel mongo-java-server) bound to 127.0.0.1.
 *
 * <p>It is not MongoDB: no sessions or transactions, change streams miss {@code findAndModify}
 * updates. It answers {@code hello} (which mongo-java-server does not know) as MongoDB answers it,
 * with the legacy {@code isMaster} reply plus {@code isWritablePrimary}, so that clients such as
 * Spring Boot's MongoDB health indicator work unchanged. The in-memory variant loses its data when
 * it stops; the on-disk variant keeps it in an H2 MVStore file that a {@link #restart()}, or a
 * later {@link #onDisk(Path, int)} on the same file, serves again. A file can be open in one server
 * at a time. The port never changes for the lifetime of an instance, so clients reconnect after a
 * restart. All methods are thread-safe.
 */
public final class EmbeddedMongo implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedMongo.class);

  private final Supplier<MongoBackend> backends;
  private final boolean durable;
  private final String storage;
  private InetSocketAddress address;
  private MongoServer server;

  private EmbeddedMongo(Supplier<MongoBackend> backends, boolean durable, String storage) {
    this.backends = backends;
    this.durable = durable;
    this.storage = storage;
  }

  /** Starts a server with the memory backend on a free loopback port. */
  public static EmbeddedMongo inMemory() {
    return inMemory(0);
  }

  /** Starts a server with the memory backend on {@code port} (0: a free one). */
  public static EmbeddedMongo inMemory(int port) {
    return inMemory(port, UnaryOperator.identity());
  }

  /**
   * As {@link #inMemory(int)}, serving every command through {@code decorator}'s wrapping of the
   * backend (for tests and benchmarks that observe or disturb the database).
   */
  public static EmbeddedMongo inMemory(int port, UnaryOperator<MongoBackend> decorator) {
    return start(EmbeddedMongo::memoryBackend, decorator, false, "memory backend", port);
  }

  /**
   * Starts a server whose data lives in the H2 MVStore {@code file} (created if absent).
   *
   * @param port the port, or 0 for a free one
   */
  public static EmbeddedMongo onDisk(Path file, int port) {
    return onDisk(file, port, UnaryOperator.identity());
  }

  /**
   * As {@link #onDisk(Path, int)}, serving every command through {@code decorator}'s wrapping of
   * the backend (for tests that observe or disturb the database); a restart wraps the new backend.
   */
  public static EmbeddedMongo onDisk(Path file, int port, UnaryOperator<MongoBackend> decorator) {
    Path absolute = file.toAbsolutePath();
    if (absolute.getParent() != null) {
      Directories.create(absolute.getParent());
    }
    return start(() -> h2Backend(absolute), decorator, true, "H2 MVStore " + absolute, port);
  }

  private static MongoBackend memoryBackend() {
    return new MemoryBackend() {
      @Override
      public Document handleCommand(
          Channel channel, String database, String command, Document query) {
        return answeringHello(
            command, named -> super.handleCommand(channel, database, named, query));
      }
    };
  }

  private static MongoBackend h2Backend(Path file) {
    return new H2Backend(file.toString()) {
      @Override
      public Document handleCommand(
          Channel channel, String database, String command, Document query) {
        return answeringHello(
            command, named -> super.handleCommand(channel, database, named, query));
      }
    };
  }

  /**
   * Runs {@code command}; {@code hello} runs as {@code isMaster} and says it is the writable
   * primary.
   */
  private static Document answeringHello(String command, Function<String, Document> run) {
    if (!"hello".equalsIgnoreCase(command)) {
      return run.apply(command);
    }
    Document answer = run.apply("isMaster");
    answer.put("isWritablePrimary", Boolean.TRUE);
    return answer;
  }

  private static EmbeddedMongo start(
      Supplier<MongoBackend> backends,
      UnaryOperator<MongoBackend> decorator,
      boolean durable,
      String storage,
      int port) {
    EmbeddedMongo mongo =
        new EmbeddedMongo(() -> decorator.apply(backends.get()), durable, storage);
    mongo.bind(port);
    return mongo;
  }

  private synchronized void bind(int port) {
    MongoServer candidate = new MongoServer(backends.get());
    try {
      candidate.bind("127.0.0.1", port);
    } catch (RuntimeException e) {
      candidate.shutdownNow();
      throw new IllegalStateException("mongo-java-server cannot bind 127.0.0.1:" + port, e);
    }
    server = candidate;
    address = candidate.getLocalAddress();
    log.info("mongo-java-server ({}) listening at {}", storage, hostAndPort());
  }

  /** Returns {@code "mongodb://127.0.0.1:<port>"}. */
  public String connectionString() {
    return "mongodb://" + hostAndPort();
  }

  /** Returns {@code "mongodb://127.0.0.1:<port>/<database>"}. */
  public String connectionString(String database) {
    return connectionString() + "/" + database;
  }

  /** The port the server listens on. */
  public synchronized int port() {
    return address.getPort();
  }

  public synchronized boolean isRunning() {
    return server != null;
  }

  /**
   * Stops listening, closes client connections and the backend (flushing an on-disk store); the
   * port stays this instance's. Idempotent.
   */
  public synchronized void stop() {
    if (server != null) {
      server.shutdown();
      server = null;
      log.info("mongo-java-server at {} stopped", hostAndPort());
    }
  }

  /**
   * Stops the server if it runs and serves the same file again on the same port.
   *
   * @throws IllegalStateException for the in-memory variant, whose data a stop loses
   */
  public synchronized void restart() {
    if (!durable) {
      throw new IllegalStateException(
          "An in-memory mongo-java-server cannot restart: its data is gone");
    }
    stop();
    bind(address.getPort());
  }

  /** As {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  private synchronized String hostAndPort() {
    return "127.0.0.1:" + address.getPort();
  }
}
