package dev.tickets.local;

import dev.tickets.local.PairBenchmark.MeasureWindow;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Write-to-replica latency during a phase, read your writes: a writer sends a conditional PUT of
 * the probe ticket every {@value #PERIOD_MILLIS} ms (at once when the previous PUT took longer),
 * and after each 200 one request to order-projector's read API, {@code ?minVersion=<the new
 * version>} with {@code Prefer: wait}, which the projector answers the moment it applies that
 * version. A sample runs from just before the PUT to that answer, and counts when the PUT started
 * in the measured window. The reads run asynchronously, so a replica lagging by more than the
 * period still yields every sample.
 */
final class ReplicaProbe {

  static final long PERIOD_MILLIS = 20;
  private static final long PERIOD = Duration.ofMillis(PERIOD_MILLIS).toNanos();

  /**
   * A write whose replica does not show it by then is counted as timed out (the read's 504): the
   * projector's default {@code order-projector.read.max-wait}, which caps any longer {@code Prefer:
   * wait} anyway.
   */
  private static final Duration REPLICA_WAIT = Duration.ofSeconds(5);

  /**
   * @param samples write-to-replica latencies of the probe writes started in the window
   * @param timeouts such writes whose replica did not show them within 5 s (or whose read failed)
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

  private final BenchClient client;
  private final URI ticket;
  private final URI replica;
  private final List<CompletableFuture<Void>> reads = new CopyOnWriteArrayList<>();
  private final Samples samples = new Samples();
  private final AtomicLong timeouts = new AtomicLong();
  private long version;
  private long refused;
  private Thread writer;

  ReplicaProbe(BenchClient client, URI ticket, URI replica, long knownVersion) {
    this.client = client;
    this.ticket = ticket;
    this.replica = replica;
    this.version = knownVersion;
  }

  void start(MeasureWindow window) {
    writer = new Thread(() -> write(window), "replica-probe-writer");
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Waits until every write was read from the replica (or timed out); none starts after the window.
   */
  Result awaitStopped() throws InterruptedException {
    writer.join();
    CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).join();
    return new Result(samples, timeouts.get(), refused, version);
  }

  private void write(MeasureWindow window) {
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
        reads.add(
            client
                .awaitReplica(replica, answer.version(), REPLICA_WAIT)
                .thenAccept(status -> read(window, started, status)));
      } else if (window.contains(started)) {
        refused++;
      }
    }
  }

  private void read(MeasureWindow window, long started, int status) {
    long answered = System.nanoTime();
    if (!window.contains(started)) {
      return;
    }
    if (status == 200) {
      synchronized (samples) {
        samples.add(answered - started);
      }
    } else {
      timeouts.incrementAndGet();
    }
  }
}
