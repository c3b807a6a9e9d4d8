package dev.tickets.infra;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.bson.Document;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Counts the write commands a wire server is sent, per database and collection: the commands
 * ({@code insert}, {@code update}, {@code delete}, {@code findAndModify}), each a round trip, and
 * their statements (the documents of an insert, the entries of an update's {@code updates} or a
 * delete's {@code deletes}, 1 for a findAndModify). A decorator of the backend, so it counts what
 * every client sent, whether or not the write succeeded. Thread-safe.
 */
public final class WriteCounter {

  private static final Set<String> WRITES =
      Set.of("insert", "update", "delete", "findAndModify", "findandmodify");

  private final Map<String, Tally> tallies = new ConcurrentHashMap<>();

  /** Wraps {@code backend}; for {@code EmbeddedMongo.inMemory(port, counter::observe)}. */
  public MongoBackend observe(MongoBackend backend) {
    return new ObservedBackend(backend, this::counted);
  }

  /** The counts so far. */
  public Snapshot snapshot() {
    Map<String, Writes> counts = new HashMap<>();
    tallies.forEach((namespace, tally) -> counts.put(namespace, tally.writes()));
    return new Snapshot(counts);
  }

  private Document counted(String database, Document command, Supplier<Document> run) {
    if (!command.isEmpty()) {
      String name = command.keySet().iterator().next();
      if (WRITES.contains(name) && command.get(name) instanceof String collection) {
        Tally tally =
            tallies.computeIfAbsent(namespace(database, collection), ignored -> new Tally());
        tally.add(statements(name, command));
      }
    }
    return run.get();
  }

  private static long statements(String name, Document command) {
    Object listed =
        switch (name) {
          case "insert" -> command.get("documents");
          case "update" -> command.get("updates");
          case "delete" -> command.get("deletes");
          default -> null;
        };
    if (listed == null) {
      return 1;
    }
    return listed instanceof Collection<?> statements ? statements.size() : 0;
  }

  private static String namespace(String database, String collection) {
    return database + "." + collection;
  }

  /** Write commands and statements. */
  public record Writes(long commands, long statements) {

    static final Writes NONE = new Writes(0, 0);

    public Writes minus(Writes earlier) {
      return new Writes(commands - earlier.commands, statements - earlier.statements);
    }
  }

  /** The counts at one moment, by namespace ({@code database.collection}). */
  public record Snapshot(Map<String, Writes> byNamespace) {

    public Snapshot {
      byNamespace = Map.copyOf(byNamespace);
    }

    /** The writes to one collection; none if it was never written to. */
    public Writes of(String database, String collection) {
      return byNamespace.getOrDefault(namespace(database, collection), Writes.NONE);
    }

    /** What was counted since {@code earlier}. */
    public Snapshot minus(Snapshot earlier) {
      Map<String, Writes> since = new HashMap<>();
      byNamespace.forEach(
          (namespace, writes) ->
              since.put(
                  namespace,
                  writes.minus(earlier.byNamespace.getOrDefault(namespace, Writes.NONE))));
      return new Snapshot(since);
    }
  }

  /** One collection's counts, a command and its statements counted together. */
  private static final class Tally {
    private long commands;
    private long statements;

    synchronized void add(long statementsOfCommand) {
      commands++;
      statements += statementsOfCommand;
    }

    synchronized Writes writes() {
      return new Writes(commands, statements);
    }
  }
}
