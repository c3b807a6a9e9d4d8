package dev.tickets.local;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;
import dev.tickets.local.PairBenchmark.MeasureWindow;
import java.net.URI;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;
import org.bson.Document;
import org.bson.types.ObjectId;
import reactor.core.publisher.Mono;

/**
 * Write-to-replica latency during a phase. A writer sends a conditional PUT of the probe ticket
 * every {@value #PERIOD_MILLIS} ms (at once when the previous PUT took longer); a poller reads the
 * replica (see {@link ReplicaVersions}) {@value #POLL_GAP_MILLIS} ms apart while any written
 * version is not yet shown. A sample runs from just before a PUT to the answer of the first poll
 * showing its version (or a later one: versions are applied in order), and counts when the PUT
 * started in the measured window. Writer and poller are separate threads, so a replica lagging by
 * more than the period still yields every sample.
 */
final class ReplicaProbe {

  static final long PERIOD_MILLIS = 20;
  private static final long PERIOD = Duration.ofMillis(PERIOD_MILLIS).toNanos();
  static final long POLL_GAP_MILLIS = 2;
  private static final long POLL_GAP = Duration.ofMillis(POLL_GAP_MILLIS).toNanos();

  /** A write whose replica does not show it by then is counted as timed out. */
  private static final long REPLICA_TIMEOUT = Duration.ofSeconds(60).toNanos();

  /**
   * @param samples write-to-replica latencies of the probe writes started in the window
   * @param timeouts such writes whose replica did not show them within 60 s
   * @param refused such probe PUTs answered with anything but 200 (a 412 resynchronises the
   *     version)
   * @param lastVersion the probe ticket's version as last known, for the next phase
   */
  record Result(Samples samples, long timeouts, long refused, long lastVersion) {

    /** The probe's PUTs started in the window and answered. */
    long puts() {
      return samples.size() + timeouts + refused;
    }
  }

  /** A probe write answered with 200: when it started and the version it made. */
  private record Write(long started, long version) {}

  private final BenchClient client;
  private final URI ticket;
  private final LongSupplier replicaVersion;
  private final Queue<Write> unseen = new ConcurrentLinkedQueue<>();
  private final Samples samples = new Samples();
  private volatile boolean writing = true;
  private long version;
  private long timeouts;
  private long refused;
  private Thread writer;
  private Thread poller;

  ReplicaProbe(BenchClient client, URI ticket, LongSupplier replicaVersion, long knownVersion) {
    this.client = client;
    this.ticket = ticket;
    this.replicaVersion = replicaVersion;
    this.version = knownVersion;
  }

  void start(MeasureWindow window) {
    writer = new Thread(() -> write(window), "replica-probe-writer");
    poller = new Thread(() -> poll(window), "replica-probe-poller");
    writer.setDaemon(true);
    poller.setDaemon(true);
    writer.start();
    poller.start();
  }

  /**
   * Waits until every write was seen on the replica (or timed out); none starts after the window.
   */
  Result awaitStopped() throws InterruptedException {
    writer.join();
    poller.join();
    return new Result(samples, timeouts, refused, version);
  }

  private void write(MeasureWindow window) {
    try {
      long next = window.loadStart();
      while (true) {
        MeasureWindow.parkUntil(next);
        long started = System.nanoTime();
        if (started - window.end() >= 0) {
          return;
        }
        next = started + PERIOD;
        BenchClient.Answer answer = client.put(ticket, version);
        if (answer.version() >= 0) {
          version = answer.version();
        }
        if (answer.status() == 200) {
          unseen.add(new Write(started, answer.version()));
        } else if (window.contains(started)) {
          refused++;
        }
      }
    } finally {
      writing = false;
    }
  }

  private void poll(MeasureWindow window) {
    while (writing || !unseen.isEmpty()) {
      if (unseen.isEmpty()) {
        MeasureWindow.parkUntil(System.nanoTime() + POLL_GAP);
        continue;
      }
      long shown = replicaVersion.getAsLong();
      long answered = System.nanoTime();
      for (Write oldest = unseen.peek(); oldest != null; oldest = unseen.peek()) {
        boolean seen = oldest.version() <= shown;
        boolean expired = answered - oldest.started() > REPLICA_TIMEOUT;
        if (!seen && !expired) {
          break;
        }
        unseen.remove();
        if (window.contains(oldest.started()) && seen) {
          samples.add(answered - oldest.started());
        } else if (window.contains(oldest.started())) {
          timeouts++;
        }
      }
      MeasureWindow.parkUntil(answered + POLL_GAP);
    }
  }

  /**
   * Reads a ticket's version straight from order-projector's replica collection (database {@code
   * orders}, {@code ticket_replicas}, id lookup). The probe polls this instead of the projector's
   * HTTP API, whose request handling would otherwise cost the projector a good part of a core at
   * saturation, a load the floor (no probe) does not carry.
   */
  static final class ReplicaVersions implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final MongoClient client;
    private final MongoCollection<Document> replicas;

    ReplicaVersions(String mongoUri) {
      this.client = MongoClients.create(mongoUri);
      this.replicas = client.getDatabase("orders").getCollection("ticket_replicas");
    }

    /** The replica's version, or -1 while there is none. */
    long of(String ticketId) {
      Document replica =
          Mono.from(
                  replicas
                      .find(Filters.eq("_id", new ObjectId(ticketId)))
                      .projection(Projections.include("version"))
                      .first())
              .block(TIMEOUT);
      return replica == null ? -1 : ((Number) replica.get("version")).longValue();
    }

    @Override
    public void close() {
      client.close();
    }
  }
}
