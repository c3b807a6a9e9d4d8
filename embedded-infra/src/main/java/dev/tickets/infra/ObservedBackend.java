package dev.tickets.infra;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * A wire server's backend with every command it is sent passed through an {@link Observer} first;
 * everything else goes straight to the backend. For {@code EmbeddedMongo}'s decorators: tests and
 * benchmarks that watch (or disturb) what clients ask of the database.
 */
public final class ObservedBackend implements MongoBackend {

  /** Sees each command around its execution. */
  @FunctionalInterface
  public interface Observer {

    /**
     * Called for each command: {@code command} is the command document as the client sent it (e.g.
     * {@code {update: "tickets", updates: [...]}}); returns what {@code run}, the execution by the
     * backend, returns, unless it means to answer otherwise.
     */
    Document around(String database, Document command, Supplier<Document> run);
  }

  private final MongoBackend backend;
  private final Observer observer;

  public ObservedBackend(MongoBackend backend, Observer observer) {
    this.backend = backend;
    this.observer = observer;
  }

  @Override
  public Document handleMessage(MongoMessage message) {
    return observer.around(
        message.getDatabaseName(), message.getDocument(), () -> backend.handleMessage(message));
  }

  @Override
  public Document handleCommand(Channel channel, String database, String command, Document query) {
    return observer.around(
        database, query, () -> backend.handleCommand(channel, database, command, query));
  }

  @Override
  public void handleClose(Channel channel) {
    backend.handleClose(channel);
  }

  @Override
  public QueryResult handleQuery(MongoQuery query) {
    return backend.handleQuery(query);
  }

  @Override
  public void dropDatabase(String database) {
    backend.dropDatabase(database);
  }

  @Override
  public Collection<Document> getCurrentOperations(MongoQuery query) {
    return backend.getCurrentOperations(query);
  }

  @Override
  public Document getServerStatus() {
    return backend.getServerStatus();
  }

  @Override
  public void close() {
    backend.close();
  }

  @Override
  public void closeCursors(List<Long> cursorIds) {
    backend.closeCursors(cursorIds);
  }

  @Override
  public Clock getClock() {
    return backend.getClock();
  }

  @Override
  public void enableOplog() {
    backend.enableOplog();
  }

  @Override
  public void disableOplog() {
    backend.disableOplog();
  }

  @Override
  public MongoDatabase resolveDatabase(String database) {
    return backend.resolveDatabase(database);
  }

  @Override
  public MongoBackend version(MongoVersion version) {
    backend.version(version);
    return this;
  }
}
