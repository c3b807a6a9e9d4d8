package dev.tickets.consistency;

import dev.tickets.consistency.HistoryChecker.Figures;
import dev.tickets.consistency.HistoryChecker.Observations;
import dev.tickets.consistency.HistoryChecker.Verdict;
import dev.tickets.consistency.WriteClient.Attempt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one fault scenario on the shared cluster: 16 clients write conditionally to hot and cold
 * tickets, the fault is injected once a third of the scenario's writes were acknowledged (and in
 * the endurance profile again every {@code consistency.fault-every-seconds}), and once the writes
 * are done the replicas must converge and the recorded history pass {@link HistoryChecker}. Each
 * scenario's figures go to the log and to {@code target/consistency-report.txt}.
 */
final class Scenarios {

  private static final Logger log = LoggerFactory.getLogger(Scenarios.class);
  static final int HOT = 4;
  static final int COLD = 60;
  static final int CLIENTS = 16;

  /**
   * How long the writers may take to reach the scenario's acknowledged writes (faults included).
   */
  static final Duration LOAD_LIMIT = Duration.ofMinutes(30);

  /**
   * R2's bound: how long after the faults and writes stop the replicas may take to equal the
   * source. A ticket-api killed while its sweeper held a claim leaves that ticket to the next sweep
   * after {@code sweep-lease} (60 s) and {@code sweep-interval} (5 s).
   */
  static final Duration CONVERGENCE = Duration.ofSeconds(90);

  static final long WRITES = Long.getLong("consistency.writes-per-scenario", 1500);
  static final Duration FAULT_EVERY =
      Duration.ofSeconds(Long.getLong("consistency.fault-every-seconds", 0));
  private static final Path REPORT = Path.of("target", "consistency-report.txt");

  private static Figures total;
  private static int totalFaults;

  private Scenarios() {}

  /**
   * Runs the writers, injects the fault during them, and checks the history; returns the verdict.
   */
  static Verdict run(Cluster cluster, String scenario, Fault fault) throws Exception {
    Workload load = Workload.start(() -> ticketApiUrls(cluster), HOT, COLD, CLIENTS);
    int faults = 0;
    List<Attempt> history;
    try {
      load.awaitAcknowledged(WRITES / 3, LOAD_LIMIT);
      do {
        log.info(
            "{}: injecting the fault after {} acknowledged writes", scenario, load.acknowledged());
        fault.inject(cluster, load);
        faults++;
      } while (!FAULT_EVERY.isZero() && !load.awaitAcknowledged(WRITES, FAULT_EVERY));
      if (!load.awaitAcknowledged(WRITES, LOAD_LIMIT)) {
        throw new AssertionError(
            scenario
                + ": "
                + load.acknowledged()
                + " of "
                + WRITES
                + " writes acknowledged within "
                + LOAD_LIMIT);
      }
    } finally {
      history = load.finish();
    }
    Set<String> tickets = new LinkedHashSet<>(load.tickets());
    Snapshot converged = Snapshot.awaitConvergence(cluster, tickets, CONVERGENCE);
    EventLog eventLog = new EventLog(cluster.kafka().bootstrapServers());
    Verdict verdict =
        HistoryChecker.check(
            new Observations(
                tickets,
                history,
                converged.source(),
                eventLog.events(tickets),
                converged.replica(),
                eventLog.parked(tickets),
                cluster.recorder().transitionsOf(tickets)));
    report(
        String.format(
            "%s: %d fault(s) injected; %s; converged %.1f s after the writes stopped; %s%n",
            scenario,
            faults,
            verdict.figures(),
            seconds(converged.after()),
            verdict.consistent() ? "consistent" : verdict.violations().size() + " violation(s)"));
    synchronized (Scenarios.class) {
      total = total == null ? verdict.figures() : total.plus(verdict.figures());
      totalFaults += faults;
    }
    if (!verdict.violations().isEmpty()) {
      throw new AssertionError(scenario + ": " + String.join("\n", verdict.violations()));
    }
    return verdict;
  }

  /** Appends {@code line} to the report and logs it. */
  static void report(String line) {
    log.info(line.strip());
    try {
      Files.writeString(REPORT, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** The report's last line: every scenario's figures added up. */
  static synchronized void reportTotal() {
    if (total != null) {
      report(String.format("all scenarios: %d fault(s) injected; %s%n", totalFaults, total));
    }
  }

  static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }

  private static List<String> ticketApiUrls(Cluster cluster) {
    return cluster.ticketApis().stream().map(Cluster.Instance::baseUrl).toList();
  }

  /** A fault a scenario injects into the running cluster, and the recovery that follows it. */
  @FunctionalInterface
  interface Fault {

    /**
     * Injects the fault while {@code load} writes, and returns once the recovery (a restart, say)
     * is under way or done.
     */
    void inject(Cluster cluster, Workload load) throws Exception;
  }
}
