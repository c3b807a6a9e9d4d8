package dev.tickets.consistency;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import dev.tickets.infra.ObservedBackend;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Records every write the database carries out on one collection of replicas, as the replica's
 * version before and after: a decorator of the wire server's backend, so it sees what any projector
 * instance did, whatever the projector believes: each write that changed a replica's version or
 * title. Writes to that collection are serialized here, so that before and after belong to the same
 * write.
 */
final class ReplicaWriteRecorder {

  private final String database;
  private final String collection;
  private final List<Transition> transitions = new ArrayList<>();
  private final Object writing = new Object();

  ReplicaWriteRecorder(String database, String collection) {
    this.database = database;
    this.collection = collection;
  }

  /** Wraps {@code backend}; used by {@code EmbeddedMongo.onDisk(file, port, recorder::observe)}. */
  MongoBackend observe(MongoBackend backend) {
    return new ObservedBackend(backend, (db, command, run) -> observed(backend, db, command, run));
  }

  /**
   * The transitions recorded so far of the given tickets, in the order the database carried them
   * out.
   */
  List<Transition> transitionsOf(Set<String> tickets) {
    synchronized (writing) {
      return transitions.stream().filter(move -> tickets.contains(move.ticketId())).toList();
    }
  }

  private Document observed(
      MongoBackend backend, String db, Document command, Supplier<Document> run) {
    List<Object> ids = database.equals(db) ? replicaIds(command) : List.of();
    if (ids.isEmpty()) {
      return run.get();
    }
    synchronized (writing) {
      Map<Object, Stored> before = stored(backend, ids);
      Document result = run.get();
      Map<Object, Stored> after = stored(backend, ids);
      after.forEach(
          (id, now) -> {
            Stored previous = before.get(id);
            if (now != null && !now.equals(previous)) {
              transitions.add(
                  new Transition(
                      ticketId(id),
                      previous == null ? null : previous.version(),
                      now.version(),
                      now.title()));
            }
          });
      return result;
    }
  }

  /**
   * The ids an {@code insert} or {@code update} command on the collection names; none for anything
   * else.
   */
  private List<Object> replicaIds(Document command) {
    if (collection.equals(command.get("insert"))) {
      return ids(command.get("documents"), document -> document.get("_id"));
    }
    if (collection.equals(command.get("update"))) {
      return ids(command.get("updates"), update -> ((Document) update.get("q")).get("_id"));
    }
    if (collection.equals(command.get("findAndModify"))
        || collection.equals(command.get("findandmodify"))) {
      return List.of(((Document) command.get("query")).get("_id"));
    }
    return List.of();
  }

  private static List<Object> ids(Object documents, Function<Document, Object> id) {
    List<Object> ids = new ArrayList<>();
    if (documents instanceof Collection<?> all) {
      all.forEach(document -> ids.add(id.apply((Document) document)));
    }
    return ids;
  }

  /** The ticket id of a stored {@code _id}: an ObjectId's hex form, or the string itself. */
  private static String ticketId(Object id) {
    return id instanceof ObjectId objectId ? objectId.getHexData() : id.toString();
  }

  /**
   * What a replica holds that the checker compares: its version (-1 when it has none) and title.
   */
  private record Stored(long version, String title) {}

  private Map<Object, Stored> stored(MongoBackend backend, List<Object> ids) {
    MongoDatabase db = backend.resolveDatabase(database);
    MongoCollection<?> replicas = db.resolveCollection(collection, false);
    Map<Object, Stored> stored = new LinkedHashMap<>();
    for (Object id : ids) {
      Stored found = null;
      if (replicas != null) {
        for (Document replica : replicas.handleQuery(new Document("_id", id))) {
          found =
              new Stored(
                  replica.get("version") instanceof Number number ? number.longValue() : -1,
                  String.valueOf(replica.get("title")));
        }
      }
      stored.put(id, found);
    }
    return stored;
  }

  /**
   * A replica write the database carried out: the replica's version before ({@code null}: no
   * replica yet) and after, and the title it holds after (each write's title is unique, so the
   * title says whose write the replica took).
   */
  record Transition(String ticketId, Long from, long to, String title) {

    /** Whether the replica moved to the stored version + 1 (or was created at version 0). */
    boolean isNextVersion() {
      return from == null ? to == 0 : to == from + 1;
    }
  }
}
