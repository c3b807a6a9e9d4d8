package dev.tickets.local;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.stream.IntStream;

import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not part of {@code verify} (no {@code IT} suffix): figures of the whole pair, both services as
 * child JVMs over a real Kafka broker and a MongoDB wire server ({@link Stack}, fresh, free ports).
 * Conditional PUTs on a pool of tickets, closed loop at a high and a low connection count and paced
 * at half the high count's rate, each with a probe of write-to-replica latency and the events still
 * pending 2 s after the load; then the floor: ticket-api restarted with publishing switched off
 * ({@code TICKET_API_OUTBOX_RELAY_ENABLED=false}), the same closed loops again. The floor runs last
 * because the events it records are published whenever a relay runs again. Writes the table to
 * {@code target/pair-benchmark.txt}:
 * {@code ./mvnw -pl local-stack -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.failIfNoSpecifiedTests=false -Dit.test=PairBenchmark}
 *
 * <p>Settings: {@code -Dbench.tickets=1000}, {@code -Dbench.seconds=20} (measured per phase),
 * {@code -Dbench.warmup=5} (seconds per phase, not counted), {@code -Dbench.high=64},
 * {@code -Dbench.low=4}, {@code -Dbench.drain=180} (seconds to wait for the backlog to drain after a
 * publishing phase before going on), {@code -Dtickets.services.dir=..}.
 */
class PairBenchmark {

  private static final Logger log = LoggerFactory.getLogger(PairBenchmark.class);

  private static final int TICKETS = Integer.getInteger("bench.tickets", 1_000);
  private static final Duration MEASURED = Duration.ofSeconds(Integer.getInteger("bench.seconds", 20));
  private static final Duration WARM_UP = Duration.ofSeconds(Integer.getInteger("bench.warmup", 5));
  private static final int HIGH = Integer.getInteger("bench.high", 64);
  private static final int LOW = Integer.getInteger("bench.low", 4);
  private static final Duration DRAIN = Duration.ofSeconds(Integer.getInteger("bench.drain", 180));
  private static final Duration AFTER_LOAD = Duration.ofSeconds(2);
  private static final String RELAY_OFF = "TICKET_API_OUTBOX_RELAY_ENABLED";

  private final String token = DevTokens.tokenFor("alice", Duration.ofHours(12));
  private final List<String> lines = new ArrayList<>();
  private Stack stack;
  private PendingEventCount pending;
  private ReplicaVersions replicas;
  private List<URI> pool;
  private KnownVersions known;
  private String probeId;
  private long probeVersion;

  @Test
  void measuresThePairWithPublishingAgainstTheFloor() throws Exception {
    Path data = Files.createTempDirectory("pair-bench-");
    Path services = Path.of(System.getProperty("tickets.services.dir", ".."));
    report(String.format(Locale.ROOT, "settings: %d pool tickets + 1 probe ticket, %d s measured + %d s "
        + "warm-up per phase, %d and %d connections, probe write every %d ms; services' JVM options: %s",
        TICKETS, MEASURED.toSeconds(), WARM_UP.toSeconds(), HIGH, LOW, ReplicaProbe.PERIOD_MILLIS,
        System.getProperty(ServiceProcess.JVM_OPTIONS, ServiceProcess.FAST_START)));
    List<PhaseResult> phases = new ArrayList<>();
    try (Stack started = Stack.start(new StackOptions(data, true, services, 0, 0, 0, 0));
        PendingEventCount count = new PendingEventCount(started.mongoUri());
        ReplicaVersions versions = new ReplicaVersions(started.mongoUri())) {
      stack = started;
      pending = count;
      replicas = versions;
      report(String.format(Locale.ROOT, "infrastructure: Apache Kafka %s broker in-process (KRaft) at %s, "
          + "mongo-java-server (%s) at %s, both in the benchmark's JVM; ticket-api %s and "
          + "order-projector %s as child JVMs of %s/*/target/*-exec.jar; %d cores, Java %s; data and "
          + "service logs in %s", AppInfoParser.getVersion(), stack.kafkaBootstrapServers(),
          "memory".equals(System.getProperty(Stack.MONGO_STORAGE)) ? "memory backend" : "H2 MVStore file", stack.mongoUri(), stack.ticketApiUrl(), stack.projectorUrl(), services.toAbsolutePath().normalize(),
          Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), data));
      createTickets();

      PhaseResult high = phase("a publishing, closed loop", HIGH, 0, true);
      phases.add(high);
      phases.add(phase("b publishing, closed loop", LOW, 0, true));
      phases.add(phase("c publishing, paced at a/2", HIGH, high.putsPerSecond() / 2, true));

      stack.restartTicketApi(Map.of(RELAY_OFF, "false"));
      report("floor: ticket-api restarted with " + RELAY_OFF + "=false");
      PhaseResult floorHigh = phase("e floor (relay off), closed loop", HIGH, 0, false);
      phases.add(floorHigh);
      PhaseResult floorLow = phase("e floor (relay off), closed loop", LOW, 0, false);
      phases.add(floorLow);

      report("");
      report(PhaseResult.HEADER);
      phases.forEach(phase -> report(phase.row()));
      report(String.format(Locale.ROOT, "publishing / floor, PUT/s at %d connections: %.2f", HIGH,
          high.putsPerSecond() / floorHigh.putsPerSecond()));
      report(String.format(Locale.ROOT, "publishing / floor, PUT/s at %d connections: %.2f", LOW,
          phases.get(1).putsPerSecond() / floorLow.putsPerSecond()));
      report("");
      report(CpuUse.HEADER);
      phases.forEach(phase -> report(phase.cpuRow()));
      report(String.format(Locale.ROOT, "floor / publishing, total CPU per PUT at %d connections: %.2f "
          + "(with the cores saturated in both, the most the PUT/s ratio can be)", HIGH,
          floorHigh.cpu().total().toNanos() / (double) floorHigh.puts().completedInWindow
              / (high.cpu().total().toNanos() / (double) high.puts().completedInWindow)));
      report("PUT/s: answered PUTs completed in the window per second; p50/p99: PUT latency (paced: "
          + "from when it was due); w2r: write-to-replica latency of the probe; pend@2s: events not yet "
          + "published 2 s after the load stopped; drained: from the load's stop until none was pending "
          + "(polled every 250 ms; '-': not awaited, publishing is off)");
      phases.stream().map(PhaseResult::remarks).filter(remark -> !remark.isEmpty()).forEach(this::report);
    }
    finally {
      Files.createDirectories(Path.of("target"));
      Files.write(Path.of("target", "pair-benchmark.txt"), lines);
    }
    assertThat(phases).allSatisfy(phase -> assertThat(phase.puts().ok).as(phase.name()).isPositive());
  }

  /** The pool (created 8 at a time) and the probe ticket; returns once all of it is published. */
  private void createTickets() throws Exception {
    BenchClient client = new BenchClient(token);
    ExecutorService creators = Executors.newFixedThreadPool(8);
    try {
      List<Callable<URI>> creates = IntStream.range(0, TICKETS)
          .<Callable<URI>>mapToObj(i -> () -> BenchClient.ticketUri(stack.ticketApiUrl(),
              client.create(stack.ticketApiUrl())))
          .toList();
      pool = new ArrayList<>();
      for (Future<URI> created : creators.invokeAll(creates)) {
        pool.add(created.get());
      }
    }
    finally {
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
    report(String.format(Locale.ROOT, "created %d tickets; all published %s, probe replica after %.1f s",
        TICKETS, drained == null ? "NOT within " + DRAIN.toSeconds() + " s"
            : String.format(Locale.ROOT, "after %.1f s", drained.toMillis() / 1000.0),
        (System.nanoTime() - started) / 1e9));
  }

  /**
   * One phase: load and probe over warm-up and window, the pending events 2 s after the load
   * stopped, then (when {@code publishing}) waiting for the backlog to drain before the next phase.
   */
  private PhaseResult phase(String name, int connections, double perSecond, boolean publishing)
      throws Exception {
    log.info("phase '{}': {} connections{}", name, connections,
        perSecond > 0 ? String.format(Locale.ROOT, ", paced at %.1f PUT/s", perSecond) : "");
    BenchClient client = new BenchClient(token);
    LoadGenerator load = perSecond > 0
        ? LoadGenerator.paced(client, pool, known, connections, perSecond)
        : LoadGenerator.closedLoop(client, pool, known, connections);
    ReplicaProbe probe = publishing ? new ReplicaProbe(new BenchClient(token),
        BenchClient.ticketUri(stack.ticketApiUrl(), probeId), () -> replicas.of(probeId), probeVersion) : null;
    MeasureWindow window = MeasureWindow.startingNow(WARM_UP, MEASURED);
    CompletableFuture<CpuUse> cpu = CpuUse.during(window, stack::ticketApiCpuTime,
        stack::projectorCpuTime);
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
    PhaseResult result = new PhaseResult(name, connections, perSecond, window.seconds(), puts, probed,
        pendingAfter, drainedIn, publishing ? DRAIN : null, cpu.get());
    log.info("{}\n{}", PhaseResult.HEADER, result.row());
    return result;
  }

  /** Logs a line at once, so that a later failure leaves the earlier ones in the log. */
  private void report(String line) {
    log.info(line);
    lines.add(line);
  }
}
