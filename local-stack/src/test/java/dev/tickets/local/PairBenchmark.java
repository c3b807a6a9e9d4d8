package dev.tickets.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;
import dev.tickets.infra.Directories;
import dev.tickets.infra.WriteCounter;
import dev.tickets.infra.WriteCounter.Writes;
import dev.tickets.local.LoadGenerator.KnownVersions;
import dev.tickets.local.LoadGenerator.PutTally;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.apache.kafka.common.utils.AppInfoParser;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Not part of {@code verify} (no {@code IT} suffix): figures of the whole pair, both services as
 * child JVMs over a real Kafka broker and a MongoDB wire server ({@link Stack}, fresh, free ports).
 * Conditional PUTs on a pool of tickets, closed loop at a high and a low connection count (the high
 * one's PUT/s is the peak) and paced at 10% and 50% of the peak, each with a probe of
 * write-to-replica latency and the events still pending 2 s after the load; then the floor:
 * ticket-api restarted with publishing switched off ({@code
 * TICKET_API_OUTBOX_RELAY_ENABLED=false}), the same closed loops again. The floor runs last because
 * the events it records are published whenever a relay runs again.
 *
 * <p>For each phase's measured window it prints PUT/s and latencies, CPU time per PUT of each
 * process, ticket-api's write commands (database round trips) and write statements per PUT on its
 * {@code tickets} collection as the wire server counted them ({@link Stack#writes()}), and the
 * latency of each stage of an event's way to the replica from the services' Prometheus histograms
 * ({@link StageLatencies}). Writes the tables to {@code target/pair-benchmark.txt}: {@code ./mvnw
 * -pl local-stack -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.failIfNoSpecifiedTests=false -Dit.test=PairBenchmark}
 *
 * <p>Settings: {@code -Dbench.tickets=1000}, {@code -Dbench.seconds=20} (measured per phase),
 * {@code -Dbench.warmup=5} (seconds per phase, not counted), {@code -Dbench.high=64}, {@code
 * -Dbench.low=4}, {@code -Dbench.drain=180} (seconds to wait for the backlog to drain after a
 * publishing phase before going on), {@code -Dtickets.services.dir=..}.
 */
class PairBenchmark {

  private static final Logger log = LoggerFactory.getLogger(PairBenchmark.class);

  private static final int TICKETS = Integer.getInteger("bench.tickets", 1_000);
  private static final Duration MEASURED =
      Duration.ofSeconds(Integer.getInteger("bench.seconds", 20));
  private static final Duration WARM_UP = Duration.ofSeconds(Integer.getInteger("bench.warmup", 5));
  private static final int HIGH = Integer.getInteger("bench.high", 64);
  private static final int LOW = Integer.getInteger("bench.low", 4);
  private static final Duration DRAIN = Duration.ofSeconds(Integer.getInteger("bench.drain", 180));
  private static final Duration AFTER_LOAD = Duration.ofSeconds(2);
  private static final String RELAY_OFF = "TICKET_API_OUTBOX_RELAY_ENABLED";
  private static final String TICKETS_DATABASE = "tickets";
  private static final String TICKETS_COLLECTION = "tickets";
  private static final String IDEMPOTENCY_COLLECTION = "idempotency_keys";

  private final String token = DevTokens.tokenFor("alice", Duration.ofHours(12));
  private final List<String> lines = new ArrayList<>();
  private Stack stack;
  private PendingEventCount pending;
  private List<URI> pool;
  private KnownVersions known;
  private String probeId;
  private long probeVersion;

  @Test
  void measuresThePairWithPublishingAgainstTheFloor() throws Exception {
    Path data = Files.createTempDirectory("pair-bench-");
    Path services = Path.of(System.getProperty("tickets.services.dir", ".."));
    report(
        String.format(
            Locale.ROOT,
            "settings: %d pool tickets + 1 probe ticket, %d s measured + %d s "
                + "warm-up per phase, %d and %d connections, probe write every %d ms; services' JVM options: %s",
            TICKETS,
            MEASURED.toSeconds(),
            WARM_UP.toSeconds(),
            HIGH,
            LOW,
            ReplicaProbe.PERIOD_MILLIS,
            System.getProperty(ServiceProcess.JVM_OPTIONS, ServiceProcess.FAST_START)));
    List<PhaseResult> phases = new ArrayList<>();
    try (Stack started = Stack.start(new StackOptions(data, true, services, 0, 0, 0, 0));
        PendingEventCount count = new PendingEventCount(started.mongoUri())) {
      stack = started;
      pending = count;
      report(
          String.format(
              Locale.ROOT,
              "infrastructure: Apache Kafka %s broker in-process (KRaft) at %s, "
                  + "mongo-java-server (%s) at %s, both in the benchmark's JVM; ticket-api %s and "
                  + "order-projector %s as child JVMs of %s/*/target/*-exec.jar; %d cores, Java %s; data and "
                  + "service logs in %s",
              AppInfoParser.getVersion(),
              stack.kafkaBootstrapServers(),
              "memory".equals(System.getProperty(Stack.MONGO_STORAGE))
                  ? "memory backend"
                  : "H2 MVStore file",
              stack.mongoUri(),
              stack.ticketApiUrl(),
              stack.projectorUrl(),
              services.toAbsolutePath().normalize(),
              Runtime.getRuntime().availableProcessors(),
              System.getProperty("java.version"),
              data));
      createTickets();

      PhaseResult high = phase("a publishing, closed loop", HIGH, 0, true);
      phases.add(high);
      phases.add(phase("b publishing, closed loop", LOW, 0, true));
      phases.add(phase("c publishing, paced at 10% of a", HIGH, high.putsPerSecond() / 10, true));
      phases.add(phase("d publishing, paced at 50% of a", HIGH, high.putsPerSecond() / 2, true));

      stack.restartTicketApi(Map.of(RELAY_OFF, "false"));
      report("floor: ticket-api restarted with " + RELAY_OFF + "=false");
      PhaseResult floorHigh = phase("e floor (relay off), closed loop", HIGH, 0, false);
      phases.add(floorHigh);
      PhaseResult floorLow = phase("f floor (relay off), closed loop", LOW, 0, false);
      phases.add(floorLow);

      report("");
      report(PhaseResult.HEADER);
      phases.forEach(phase -> report(phase.row()));
      report(
          String.format(
              Locale.ROOT,
              "publishing / floor, PUT/s at %d connections: %.2f",
              HIGH,
              high.putsPerSecond() / floorHigh.putsPerSecond()));
      report(
          String.format(
              Locale.ROOT,
              "publishing / floor, PUT/s at %d connections: %.2f",
              LOW,
              phases.get(1).putsPerSecond() / floorLow.putsPerSecond()));
      report("");
      report(CpuUse.HEADER);
      phases.forEach(phase -> report(phase.cpuRow()));
      report(
          String.format(
              Locale.ROOT,
              "floor / publishing, total CPU per PUT at %d connections: %.2f "
                  + "(with the cores saturated in both, the most the PUT/s ratio can be)",
              HIGH,
              floorHigh.cpu().total().toNanos()
                  / (double) floorHigh.puts().completedInWindow
                  / (high.cpu().total().toNanos() / (double) high.puts().completedInWindow)));
      report("");
      boolean idempotency = phases.stream().anyMatch(PhaseResult::wroteIdempotencyKeys);
      report(PhaseResult.writesHeader(idempotency));
      phases.forEach(phase -> report(phase.writesRow(idempotency)));
      report(
          "writes: ticket-api's write commands (each a round trip to the database) and write "
              + "statements (documents inserted, updates, deletes) on "
              + TICKETS_DATABASE
              + "."
              + TICKETS_COLLECTION
              + " as the wire server received them in the window, per PUT completed in it (the "
              + "probe's included)"
              + (idempotency ? "; idem: the same on " + IDEMPOTENCY_COLLECTION : ""));
      for (PhaseResult phase : phases) {
        report("");
        phase.stages().table(phase.name()).forEach(this::report);
      }
      report(StageLatencies.NOTE);
      report("");
      report(
          "PUT/s: answered PUTs completed in the window per second; p50/p99: PUT latency (paced: "
              + "from when it was due); w2r: write-to-replica latency of the probe; pend@2s: events not yet "
              + "published 2 s after the load stopped; drained: from the load's stop until none was pending "
              + "(polled every 250 ms; '-': not awaited, publishing is off)");
      phases.stream()
          .map(PhaseResult::remarks)
          .filter(remark -> !remark.isEmpty())
          .forEach(this::report);
    } finally {
      Directories.writeToTarget("pair-benchmark.txt", String.join("\n", lines) + "\n");
    }
    assertThat(phases)
        .allSatisfy(phase -> assertThat(phase.puts().ok).as(phase.name()).isPositive());
  }

  /** The pool (created 8 at a time) and the probe ticket; returns once all of it is published. */
  private void createTickets() throws Exception {
    BenchClient client = new BenchClient(token);
    ExecutorService creators = Executors.newFixedThreadPool(8);
    try {
      List<Callable<URI>> creates =
          IntStream.range(0, TICKETS)
              .<Callable<URI>>mapToObj(
                  i ->
                      () ->
                          BenchClient.ticketUri(
                              stack.ticketApiUrl(), client.create(stack.ticketApiUrl())))
              .toList();
      pool = new ArrayList<>();
      for (Future<URI> created : creators.invokeAll(creates)) {
        pool.add(created.get());
      }
    } finally {
      creators.shutdownNow();
    }
    known = new KnownVersions(TICKETS);
    probeId = client.create(stack.ticketApiUrl());
    long started = System.nanoTime();
    Duration drained = pending.awaitNone(started, started + DRAIN.toNanos());
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    URI replica = BenchClient.ticketUri(stack.projectorUrl(), probeId);
    while (client.replicaVersion(replica) < 0) {
      assertThat(System.nanoTime() - deadline).as("probe replica exists").isNegative();
      Thread.sleep(50);
    }
    report(
        String.format(
            Locale.ROOT,
            "created %d tickets; all published %s, probe replica after %.1f s",
            TICKETS,
            drained == null
                ? "NOT within " + DRAIN.toSeconds() + " s"
                : String.format(Locale.ROOT, "after %.1f s", drained.toMillis() / 1000.0),
            (System.nanoTime() - started) / 1e9));
  }

  /**
   * One phase: load and probe over warm-up and window, the pending events 2 s after the load
   * stopped, then (when {@code publishing}) waiting for the backlog to drain before the next phase.
   */
  private PhaseResult phase(String name, int connections, double perSecond, boolean publishing)
      throws Exception {
    log.info(
        "phase '{}': {} connections{}",
        name,
        connections,
        perSecond > 0 ? String.format(Locale.ROOT, ", paced at %.1f PUT/s", perSecond) : "");
    BenchClient client = new BenchClient(token);
    LoadGenerator load =
        perSecond > 0
            ? LoadGenerator.paced(client, pool, known, connections, perSecond)
            : LoadGenerator.closedLoop(client, pool, known, connections);
    ReplicaProbe probe =
        publishing
            ? new ReplicaProbe(
                new BenchClient(token),
                BenchClient.ticketUri(stack.ticketApiUrl(), probeId),
                BenchClient.ticketUri(stack.projectorUrl(), probeId),
                probeVersion)
            : null;
    // A service's first scrape is slow; not the one at the window's start.
    StageLatencies.scrape(stack.ticketApiUrl(), stack.projectorUrl());
    MeasureWindow window = MeasureWindow.startingNow(WARM_UP, MEASURED);
    CompletableFuture<CpuUse> cpu =
        CpuUse.during(window, stack::ticketApiCpuTime, stack::projectorCpuTime);
    CompletableFuture<WriteCounter.Snapshot> writes =
        window.change(stack.writes()::snapshot, WriteCounter.Snapshot::minus);
    CompletableFuture<StageLatencies> stages =
        window.change(
            () -> StageLatencies.scrape(stack.ticketApiUrl(), stack.projectorUrl()),
            StageLatencies::minus);
    load.start(window);
    if (probe != null) {
      probe.start(window);
    }
    PutTally puts = load.awaitStopped();
    long stopped = System.nanoTime();
    long mark = stopped + AFTER_LOAD.toNanos();
    Duration drainedIn = publishing ? pending.awaitNone(stopped, mark) : null;
    MeasureWindow.parkUntil(mark);
    long pendingAfter = pending.count();
    ReplicaProbe.Result probed = probe == null ? null : probe.awaitStopped();
    if (probed != null) {
      probeVersion = probed.lastVersion();
    }
    if (publishing && drainedIn == null) {
      drainedIn = pending.awaitNone(stopped, System.nanoTime() + DRAIN.toNanos());
    }
    PhaseResult result =
        new PhaseResult(
            name,
            connections,
            perSecond,
            window.seconds(),
            puts,
            probed,
            pendingAfter,
            drainedIn,
            publishing ? DRAIN : null,
            cpu.get(),
            writes.get(),
            stages.get());
    log.info("{}\n{}", PhaseResult.HEADER, result.row());
    return result;
  }

  /** Logs a line at once, so that a later failure leaves the earlier ones in the log. */
  private void report(String line) {
    log.info(line);
    lines.add(line);
  }

  /**
   * One phase's figures and their row in the benchmark's table.
   *
   * @param name what ran
   * @param connections load threads, each with its keep-alive connection
   * @param targetPerSecond the paced rate, or 0 for a closed loop
   * @param seconds the measured window's length
   * @param puts what the load saw in the window
   * @param probe write-to-replica samples, or null when not probed
   * @param pendingAfter2s events still pending 2 s after the load stopped
   * @param drainedIn from the load's stop until nothing was pending; null when not awaited or not
   *     reached within {@code drainTimeout}
   * @param drainTimeout how long the drain was awaited; null when it was not
   * @param cpu CPU time of each process in the window
   * @param writes the write commands the wire server received in the window
   * @param stages the latency of each stage of an event's way to the replica in the window
   */
  record PhaseResult(
      String name,
      int connections,
      double targetPerSecond,
      double seconds,
      PutTally puts,
      ReplicaProbe.Result probe,
      long pendingAfter2s,
      Duration drainedIn,
      Duration drainTimeout,
      CpuUse cpu,
      WriteCounter.Snapshot writes,
      StageLatencies stages) {

    static final String HEADER =
        String.format(
            Locale.ROOT,
            "%-34s %5s %8s %8s %7s %7s %7s %6s %5s %8s %8s %5s %9s %8s",
            "phase",
            "conns",
            "target/s",
            "PUT/s",
            "p50 ms",
            "p99 ms",
            "200",
            "412",
            "other",
            "w2r p50",
            "w2r p99",
            "w2r n",
            "pend@2s",
            "drained");

    /** Answered PUTs (any HTTP status) completed inside the window, per second. */
    double putsPerSecond() {
      return puts.completedInWindow / seconds;
    }

    String row() {
      return String.format(
          Locale.ROOT,
          "%-34s %5d %8s %8.1f %7.1f %7.1f %7d %6d %5d %8s %8s %5s %9d %8s",
          name,
          connections,
          targetPerSecond > 0 ? String.format(Locale.ROOT, "%.1f", targetPerSecond) : "-",
          putsPerSecond(),
          puts.latencies.percentileMillis(0.5),
          puts.latencies.percentileMillis(0.99),
          puts.ok,
          puts.conflicts,
          puts.other,
          probe == null ? "-" : millis(probe.samples().percentileMillis(0.5)),
          probe == null ? "-" : millis(probe.samples().percentileMillis(0.99)),
          probe == null ? "-" : Integer.toString(probe.samples().size()),
          pendingAfter2s,
          drained());
    }

    String cpuRow() {
      return cpu.row(name, puts.completedInWindow);
    }

    static String writesHeader(boolean idempotency) {
      return String.format(
              Locale.ROOT, "%-34s %9s %9s", "DB writes per PUT in the window", "commands", "stmts")
          + (idempotency ? String.format(Locale.ROOT, " %9s %9s", "idem cmds", "idem stmts") : "");
    }

    String writesRow(boolean idempotency) {
      Writes tickets = writes.of(TICKETS_DATABASE, TICKETS_COLLECTION);
      Writes keys = writes.of(TICKETS_DATABASE, IDEMPOTENCY_COLLECTION);
      return String.format(
              Locale.ROOT,
              "%-34s %9.3f %9.3f",
              name,
              perPut(tickets.commands()),
              perPut(tickets.statements()))
          + (idempotency
              ? String.format(
                  Locale.ROOT, " %9.3f %9.3f", perPut(keys.commands()), perPut(keys.statements()))
              : "");
    }

    boolean wroteIdempotencyKeys() {
      return !writes.of(TICKETS_DATABASE, IDEMPOTENCY_COLLECTION).equals(new Writes(0, 0));
    }

    /** Per PUT completed in the window, the probe's included (its writes are counted too). */
    private double perPut(long count) {
      long all = puts.completedInWindow + (probe == null ? 0 : probe.puts());
      return all == 0 ? Double.NaN : count / (double) all;
    }

    /**
     * What else happened: failures by kind, unsent paced PUTs, probe timeouts; empty if nothing.
     */
    String remarks() {
      StringBuilder remarks = new StringBuilder();
      if (!puts.otherKinds.isEmpty()) {
        remarks.append(" other answers ").append(puts.otherKinds).append(';');
      }
      if (puts.unsent > 0) {
        remarks.append(" paced PUTs given up unsent: ").append(puts.unsent).append(';');
      }
      if (probe != null && (probe.timeouts() > 0 || probe.refused() > 0)) {
        remarks
            .append(" probe: ")
            .append(probe.timeouts())
            .append(" replica timeouts, ")
            .append(probe.refused())
            .append(" PUTs not 200;");
      }
      return remarks.isEmpty() ? "" : name + " (" + connections + " connections):" + remarks;
    }

    private String drained() {
      if (drainTimeout == null) {
        return "-";
      }
      return drainedIn == null
          ? "> " + drainTimeout.toSeconds() + " s"
          : String.format(Locale.ROOT, "%.1f s", drainedIn.toMillis() / 1000.0);
    }

    private static String millis(double value) {
      return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.1f", value);
    }
  }

  /**
   * Counts ticket-api's events not yet published: the entries of the {@code pending} arrays of the
   * {@code tickets} collection in its {@code tickets} database, by the same aggregation ticket-api
   * uses for its backlog metric.
   */
  static final class PendingEventCount implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final long POLL = Duration.ofMillis(250).toNanos();
    private static final List<Document> PIPELINE =
        List.of(
            new Document("$match", new Document("pending.0", new Document("$exists", true))),
            new Document("$unwind", "$pending"),
            new Document(
                "$group", new Document("_id", null).append("count", new Document("$sum", 1))));

    private final MongoClient client;
    private final MongoCollection<Document> tickets;

    PendingEventCount(String mongoUri) {
      this.client = MongoClients.create(mongoUri);
      this.tickets = client.getDatabase(TICKETS_DATABASE).getCollection(TICKETS_COLLECTION);
    }

    /**
     * The count; tried up to 3 more times when the wire server fails it (mongo-java-server's memory
     * backend sometimes answers an aggregation over documents written meanwhile with "Unknown
     * error: null").
     */
    long count() {
      Document totals =
          Mono.defer(() -> Mono.from(tickets.aggregate(PIPELINE).first())).retry(3).block(TIMEOUT);
      return totals == null ? 0 : ((Number) totals.get("count")).longValue();
    }

    /**
     * Polls about every 250 ms until nothing is pending; returns how long that took since {@code
     * sinceNanos}, or null if something was still pending at {@code deadlineNanos}.
     */
    Duration awaitNone(long sinceNanos, long deadlineNanos) {
      while (true) {
        long checked = System.nanoTime();
        if (count() == 0) {
          return Duration.ofNanos(checked - sinceNanos);
        }
        if (checked - deadlineNanos >= 0) {
          return null;
        }
        MeasureWindow.parkUntil(Math.min(checked + POLL, deadlineNanos));
      }
    }

    @Override
    public void close() {
      client.close();
    }
  }

  /**
   * CPU time each process of the pair used in a measured window: the benchmark's JVM (Kafka broker,
   * MongoDB wire server, load generator and probe), ticket-api and order-projector. On two
   * saturated cores this is where the PUT rate goes: a phase's PUT/s is at most the cores divided
   * by its total CPU per PUT, so the floor's total over a publishing phase's total bounds their
   * ratio.
   *
   * @param benchmark CPU time of this JVM
   * @param ticketApi CPU time of ticket-api
   * @param projector CPU time of order-projector
   * @param seconds the window's length
   */
  record CpuUse(Duration benchmark, Duration ticketApi, Duration projector, double seconds) {

    static final String HEADER =
        String.format(
            Locale.ROOT,
            "%-34s %9s %9s %9s %9s %6s",
            "CPU ms per PUT in the window",
            "bench JVM",
            "ticket-api",
            "projector",
            "total",
            "cores");

    /** Samples the three processes at the window's start and end. */
    static CompletableFuture<CpuUse> during(
        MeasureWindow window, Supplier<Duration> ticketApi, Supplier<Duration> projector) {
      return window.change(
          () -> new CpuUse(self(), ticketApi.get(), projector.get(), window.seconds()),
          CpuUse::minus);
    }

    private CpuUse minus(CpuUse earlier) {
      return new CpuUse(
          benchmark.minus(earlier.benchmark),
          ticketApi.minus(earlier.ticketApi),
          projector.minus(earlier.projector),
          seconds);
    }

    Duration total() {
      return benchmark.plus(ticketApi).plus(projector);
    }

    String row(String name, double puts) {
      return String.format(
          Locale.ROOT,
          "%-34s %9.3f %9.3f %9.3f %9.3f %6.2f",
          name,
          perPut(benchmark, puts),
          perPut(ticketApi, puts),
          perPut(projector, puts),
          perPut(total(), puts),
          total().toNanos() / 1e9 / seconds);
    }

    private static double perPut(Duration cpu, double puts) {
      return puts == 0 ? Double.NaN : cpu.toNanos() / 1e6 / puts;
    }

    private static Duration self() {
      return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
    }
  }

  /**
   * One phase's time line in {@link System#nanoTime()}: load runs from {@code loadStart}, what
   * starts before {@code start} is warm-up and not counted, and nothing new starts at or after
   * {@code end}.
   */
  record MeasureWindow(long loadStart, long start, long end) {

    static MeasureWindow startingNow(Duration warmUp, Duration measured) {
      long now = System.nanoTime();
      long start = now + warmUp.toNanos();
      return new MeasureWindow(now, start, start + measured.toNanos());
    }

    boolean contains(long nanoTime) {
      return nanoTime - start >= 0 && nanoTime - end < 0;
    }

    double seconds() {
      return (end - start) / 1e9;
    }

    /**
     * Samples at the window's start and at its end, on a thread of its own, and completes with
     * {@code minus} of the two: what changed in the window.
     */
    <T> CompletableFuture<T> change(Supplier<T> sample, BinaryOperator<T> minus) {
      return CompletableFuture.supplyAsync(
          () -> {
            parkUntil(start);
            T atStart = sample.get();
            parkUntil(end);
            return minus.apply(sample.get(), atStart);
          },
          task -> {
            Thread sampler = new Thread(task, "window-sampler");
            sampler.setDaemon(true);
            sampler.start();
          });
    }

    /** Parks the calling thread until {@code nanoTime}; returns at once if it has passed. */
    static void parkUntil(long nanoTime) {
      long left;
      while ((left = nanoTime - System.nanoTime()) > 0) {
        LockSupport.parkNanos(left);
      }
    }
  }
}
