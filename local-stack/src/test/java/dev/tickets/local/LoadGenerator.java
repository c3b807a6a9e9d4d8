package dev.tickets.local;

import dev.tickets.local.PairBenchmark.MeasureWindow;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * {@code wrk}-style load on the pool: one thread per connection, each repeatedly sending a
 * conditional PUT of a random pool ticket with the version last known for it ({@link
 * KnownVersions}). Closed loop: each thread sends its next PUT as soon as the previous one is
 * answered; latency is from sending. Paced (open loop): PUT number i is due at {@code loadStart + i
 * / rate}, taken by whichever thread is free, and its latency counts from when it was due, so
 * queueing behind a slow server is measured too.
 */
final class LoadGenerator {

  /** Due PUTs not yet sent this long after the window are given up (counted as unsent). */
  private static final long LATE_LIMIT = Duration.ofSeconds(30).toNanos();

  private final BenchClient client;
  private final List<URI> tickets;
  private final KnownVersions known;
  private final int connections;
  private final double perSecond;
  private final List<Thread> threads = new ArrayList<>();
  private final List<PutTally> tallies = new ArrayList<>();

  private LoadGenerator(
      BenchClient client,
      List<URI> tickets,
      KnownVersions known,
      int connections,
      double perSecond) {
    this.client = client;
    this.tickets = tickets;
    this.known = known;
    this.connections = connections;
    this.perSecond = perSecond;
  }

  static LoadGenerator closedLoop(
      BenchClient client, List<URI> tickets, KnownVersions known, int connections) {
    return new LoadGenerator(client, tickets, known, connections, 0);
  }

  static LoadGenerator paced(
      BenchClient client,
      List<URI> tickets,
      KnownVersions known,
      int connections,
      double perSecond) {
    return new LoadGenerator(client, tickets, known, connections, Math.max(perSecond, 1));
  }

  void start(MeasureWindow window) {
    AtomicLong nextDue = new AtomicLong();
    for (int c = 0; c < connections; c++) {
      PutTally tally = new PutTally();
      tallies.add(tally);
      Runnable work =
          perSecond > 0 ? () -> paced(window, nextDue, tally) : () -> closed(window, tally);
      Thread thread = new Thread(work, "load-" + c);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
  }

  /** Waits for every thread to stop (each finishes its PUT in flight) and merges their tallies. */
  PutTally awaitStopped() throws InterruptedException {
    PutTally total = new PutTally();
    for (int i = 0; i < threads.size(); i++) {
      threads.get(i).join();
      total.add(tallies.get(i));
    }
    return total;
  }

  private void closed(MeasureWindow window, PutTally tally) {
    while (System.nanoTime() - window.end() < 0) {
      long started = System.nanoTime();
      putOne(window, started, tally);
    }
  }

  private void paced(MeasureWindow window, AtomicLong nextDue, PutTally tally) {
    double interval = 1e9 / perSecond;
    while (true) {
      long due = window.loadStart() + (long) (nextDue.getAndIncrement() * interval);
      if (due - window.end() >= 0) {
        return;
      }
      MeasureWindow.parkUntil(due);
      if (System.nanoTime() - window.end() > LATE_LIMIT) {
        tally.unsent++;
        continue;
      }
      putOne(window, due, tally);
    }
  }

  private void putOne(MeasureWindow window, long startedOrDue, PutTally tally) {
    int ticket = ThreadLocalRandom.current().nextInt(tickets.size());
    BenchClient.Answer answer = client.put(tickets.get(ticket), known.get(ticket));
    long finished = System.nanoTime();
    known.saw(ticket, answer.version());
    tally.record(window, startedOrDue, finished, answer);
    if (answer.status() == 0) {
      MeasureWindow.parkUntil(finished + Duration.ofMillis(10).toNanos());
    }
  }

  /**
   * The last version the load generator knows for each pool ticket, shared by all connections and
   * learnt from 200 answers ({@code version}) and 412 answers ({@code currentVersion}); it only
   * grows.
   */
  static final class KnownVersions {

    private final AtomicLongArray versions;

    KnownVersions(int tickets) {
      this.versions = new AtomicLongArray(tickets);
    }

    long get(int ticket) {
      return versions.get(ticket);
    }

    void saw(int ticket, long version) {
      if (version >= 0) {
        versions.accumulateAndGet(ticket, version, Math::max);
      }
    }
  }

  /**
   * What load workers saw in one phase's measured window: answers by kind, the latency of every PUT
   * that started (or was scheduled) in it, and how many PUTs completed in it (for PUT/s). One per
   * worker thread, merged at the end.
   */
  static final class PutTally {

    long ok;
    long conflicts;
    long other;
    long completedInWindow;
    long unsent;
    final Samples latencies = new Samples();
    final Map<String, Long> otherKinds = new TreeMap<>();

    /** {@code started}: when the PUT was sent (closed loop) or scheduled (paced), in nanoTime. */
    void record(MeasureWindow window, long started, long finished, BenchClient.Answer answer) {
      if (window.contains(finished) && answer.status() > 0) {
        completedInWindow++;
      }
      if (!window.contains(started)) {
        return;
      }
      if (answer.status() == 200) {
        ok++;
      } else if (answer.status() == 412) {
        conflicts++;
      } else {
        other++;
        otherKinds.merge(answer.kind(), 1L, Long::sum);
      }
      if (answer.status() > 0) {
        latencies.add(finished - started);
      }
    }

    void add(PutTally worker) {
      ok += worker.ok;
      conflicts += worker.conflicts;
      other += worker.other;
      completedInWindow += worker.completedInWindow;
      unsent += worker.unsent;
      latencies.addAll(worker.latencies);
      worker.otherKinds.forEach((kind, count) -> otherKinds.merge(kind, count, Long::sum));
    }
  }
}
