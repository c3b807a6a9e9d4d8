package dev.tickets.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tickets.consistency.Cluster.Instance;
import dev.tickets.consistency.HistoryChecker.Figures;
import dev.tickets.consistency.HistoryChecker.Observations;
import dev.tickets.consistency.HistoryChecker.Verdict;
import dev.tickets.consistency.WriteClient.Attempt;
import dev.tickets.consistency.WriteClient.Attempt.Answer;
import dev.tickets.consistency.WriteClient.TicketState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two ticket-api and two order-projector processes on one Kafka broker and one MongoDB wire server,
 * 16 clients writing conditionally to hot and cold tickets, and one fault per scenario (the last
 * one overlaps three) while they write. After the faults stop, every scenario waits for the
 * replicas to converge and checks the recorded history ({@link HistoryChecker}). A build runs each
 * scenario briefly; {@code -Pendurance} repeats each fault every 20 s until 21,000 updates per
 * scenario were acknowledged.
 */
class FaultScenariosIT {

  private static final Logger log = LoggerFactory.getLogger(FaultScenariosIT.class);
  private static final int HOT = 4;
  private static final int COLD = 60;
  private static final int CLIENTS = 16;
  private static final Duration OUTAGE = Duration.ofSeconds(3);
  private static final Duration BROKER_OUTAGE = Duration.ofSeconds(20);

  /**
   * How soon after a broker outage ends every ticket written during it must move on in its replica
   * (issue 21). The claims' 60 s lease bounded it before the relay resent failed sends itself.
   */
  private static final Duration RECOVERY = Duration.ofSeconds(15);

  /**
   * A killed projector's partitions wait for its session to expire (session.timeout.ms, 10 s here).
   */
  private static final Duration PARTITIONS_TAKEN = Duration.ofSeconds(90);

  /**
   * How long the writers may take to reach the scenario's acknowledged writes (faults included).
   */
  private static final Duration LOAD_LIMIT = Duration.ofMinutes(30);

  /**
   * R2's bound: how long after the faults and writes stop the replicas may take to equal the
   * source. A ticket-api killed while its sweeper held a claim leaves that ticket to the next sweep
   * after {@code sweep-lease} (60 s) and {@code sweep-interval} (5 s).
   */
  private static final Duration CONVERGENCE = Duration.ofSeconds(90);

  private static final long WRITES = Long.getLong("consistency.writes-per-scenario", 1500);
  private static final Duration FAULT_EVERY =
      Duration.ofSeconds(Long.getLong("consistency.fault-every-seconds", 0));
  private static final Path REPORT = Path.of("target", "consistency-report.txt");

  private static Cluster cluster;
  private static Figures total;
  private static int totalFaults;

  /** The writers of the scenario under way. */
  private volatile Workload load;

  @BeforeAll
  static void startCluster() throws IOException {
    Path data = Files.createDirectories(Path.of("target", "cluster-" + System.currentTimeMillis()));
    cluster = Cluster.start(data, Path.of(System.getProperty("tickets.services.dir", "..")), 2, 2);
  }

  @AfterAll
  static void stopCluster() throws IOException {
    if (cluster != null) {
      cluster.close();
    }
    if (total != null) {
      String line = String.format("all scenarios: %d fault(s) injected; %s%n", totalFaults, total);
      log.info(line.strip());
      Files.writeString(REPORT, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
  }

  @Test
  void projectorKilledAndRestarted() throws Exception {
    run(
        "projector kill -9 and restart",
        cluster -> {
          Instance projector = cluster.projectors().get(0);
          crash(projector);
          projector.awaitPartitions(PARTITIONS_TAKEN);
        });
  }

  @Test
  void ticketApiKilledBetweenWrites() throws Exception {
    Verdict verdict =
        run("ticket-api kill -9 and restart", cluster -> crash(cluster.ticketApis().get(0)));

    assertThat(verdict.figures().count(Answer.INDETERMINATE))
        .as("writes sent to the killed instance")
        .isPositive();
  }

  @Test
  void brokerStoppedAndRestarted() throws Exception {
    run(
        "Kafka broker stop and restart",
        cluster -> {
          cluster.kafka().stop();
          Cluster.assertClosed(cluster.kafka().port(), "the stopped broker");
          Thread.sleep(OUTAGE.toMillis());
          cluster.kafka().restart();
        });
  }

  /**
   * Issue 21: after a 20 s broker outage under load, replicas converged only 48 s after the writes
   * stopped (failed sends waited for the end of a sweep lease, a killed projector for its session).
   * Now every ticket written during the outage moves on in its replica within {@link #RECOVERY} of
   * the broker's return. Catching up the whole backlog takes longer: one Kafka round trip per
   * version and ticket (one in flight per ticket keeps the log in version order), so a hot ticket
   * written a thousand times during the outage needs a thousand; the report gives both times.
   */
  @Test
  void brokerOutageUnderLoadRecoversWithinSeconds() throws Exception {
    List<Duration> resumed = new ArrayList<>();
    run(
        "Kafka broker outage of 20 s under load",
        cluster -> {
          Map<String, Long> before = Snapshot.sourceVersions(cluster, load.tickets());
          cluster.kafka().stop();
          Cluster.assertClosed(cluster.kafka().port(), "the stopped broker");
          Thread.sleep(BROKER_OUTAGE.toMillis());
          cluster.kafka().restart();
          long returned = System.nanoTime();
          Map<String, Long> written = Snapshot.sourceVersions(cluster, load.tickets());
          Map<String, Long> next = new HashMap<>();
          // The tickets written during the outage, each at its first version written then.
          written.forEach(
              (id, version) -> {
                if (version > before.get(id)) {
                  next.put(id, before.get(id) + 1);
                }
              });
          assertThat(next).as("tickets written during the outage").isNotEmpty();
          Map<String, Long> writtenDuring = new HashMap<>();
          next.keySet().forEach(id -> writtenDuring.put(id, written.get(id)));
          List<Duration> moved = Snapshot.awaitReplicas(cluster, next, returned, CONVERGENCE);
          resumed.add(moved.get(moved.size() - 1));
          List<Duration> caughtUp =
              Snapshot.awaitReplicas(cluster, writtenDuring, returned, CONVERGENCE);
          report(
              String.format(
                  "Kafka broker outage of 20 s under load: every ticket written during the outage"
                      + " (%d of %d) moved past its version from before it in its replica %.1f s after the broker's return (half of them %.1f s"
                      + " after it), and reached the versions written until the return %.1f s"
                      + " after it (half of them %.1f s)%n",
                  next.size(),
                  written.size(),
                  seconds(moved.get(moved.size() - 1)),
                  seconds(moved.get(moved.size() / 2)),
                  seconds(caughtUp.get(caughtUp.size() - 1)),
                  seconds(caughtUp.get(caughtUp.size() / 2))));
        });

    assertThat(resumed).isNotEmpty().allSatisfy(took -> assertThat(took).isLessThan(RECOVERY));
  }

  @Test
  void mongoStoppedAndRestarted() throws Exception {
    Verdict verdict =
        run(
            "MongoDB stop and restart",
            cluster -> {
              cluster.mongo().stop();
              Cluster.assertClosed(cluster.mongo().port(), "the stopped MongoDB server");
              Thread.sleep(OUTAGE.toMillis());
              cluster.mongo().restart();
            });

    assertThat(
            verdict.figures().count(Answer.FAILED) + verdict.figures().count(Answer.INDETERMINATE))
        .as("writes that failed while MongoDB was down")
        .isPositive();
  }

  @Test
  void rebalanceByAThirdProjector() throws Exception {
    try {
      run(
          "rebalance: a third projector joins (and leaves on the next fault)",
          cluster -> {
            if (cluster.projectors().size() == 2) {
              cluster.addProjector().awaitPartitions(PARTITIONS_TAKEN);
            } else {
              cluster.removeProjector();
            }
          });
    } finally {
      while (cluster.projectors().size() > 2) {
        cluster.removeProjector();
      }
    }
  }

  @Test
  void overlappingFaults() throws Exception {
    Verdict verdict =
        run(
            "overlapping: a ticket-api kill -9, then a Kafka broker outage with a projector kill -9",
            cluster -> {
              Instance ticketApi = cluster.ticketApis().get(1);
              Instance projector = cluster.projectors().get(1);
              ticketApi.kill();
              cluster.kafka().stop();
              projector.kill();
              Thread.sleep(OUTAGE.toMillis());
              cluster.kafka().restart();
              CompletableFuture.allOf(
                      CompletableFuture.runAsync(ticketApi::start),
                      CompletableFuture.runAsync(projector::start))
                  .join();
              projector.awaitPartitions(PARTITIONS_TAKEN);
            });

    assertThat(verdict.figures().count(Answer.INDETERMINATE))
        .as("writes sent to the killed instance")
        .isPositive();
  }

  private static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }

  private static void crash(Instance instance) throws InterruptedException {
    instance.kill();
    Thread.sleep(OUTAGE.toMillis());
    instance.start();
  }

  /**
   * Runs the writers, injects the fault during them, and checks the history; returns the verdict.
   */
  private Verdict run(String scenario, Fault fault) throws Exception {
    Workload load = Workload.start(this::ticketApiUrls, HOT, COLD, CLIENTS);
    this.load = load;
    int faults = 0;
    List<Attempt> history;
    try {
      load.awaitAcknowledged(WRITES / 3, LOAD_LIMIT);
      do {
        log.info(
            "{}: injecting the fault after {} acknowledged writes", scenario, load.acknowledged());
        fault.inject(cluster);
        faults++;
      } while (!FAULT_EVERY.isZero() && !load.awaitAcknowledged(WRITES, FAULT_EVERY));
      assertThat(load.awaitAcknowledged(WRITES, LOAD_LIMIT))
          .as(
              "%s: %d of %d writes acknowledged within %s",
              scenario, load.acknowledged(), WRITES, LOAD_LIMIT)
          .isTrue();
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
    report(scenario, faults, converged.after(), verdict);
    assertThat(verdict.violations()).as(scenario).isEmpty();
    return verdict;
  }

  private List<String> ticketApiUrls() {
    return cluster.ticketApis().stream().map(Instance::baseUrl).toList();
  }

  private static void report(String scenario, int faults, Duration convergedAfter, Verdict verdict)
      throws IOException {
    String line =
        String.format(
            "%s: %d fault(s) injected; %s; converged %.1f s after the writes stopped; %s%n",
            scenario,
            faults,
            verdict.figures(),
            convergedAfter.toMillis() / 1000.0,
            verdict.consistent() ? "consistent" : verdict.violations().size() + " violation(s)");
    report(line);
    total = total == null ? verdict.figures() : total.plus(verdict.figures());
    totalFaults += faults;
  }

  private static void report(String line) throws IOException {
    log.info(line.strip());
    Files.writeString(REPORT, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** A fault a scenario injects into the running cluster, and the recovery that follows it. */
  @FunctionalInterface
  interface Fault {

    /** Injects the fault and returns once the recovery (a restart, say) is under way or done. */
    void inject(Cluster cluster) throws Exception;
  }

  /**
   * The source (ticket-api) and the replica (order-projector) of a scenario's tickets, read over
   * HTTP until they are equal or the bound passed, and how long that took.
   */
  record Snapshot(
      Map<String, TicketState> source, Map<String, TicketState> replica, Duration after) {

    private static final Logger log = LoggerFactory.getLogger(Snapshot.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration PROGRESS = Duration.ofSeconds(10);

    /**
     * Each ticket's version at the source now, read from the database in one query; fails when one
     * is missing.
     */
    static Map<String, Long> sourceVersions(Cluster cluster, List<String> tickets) {
      Map<String, Long> versions = cluster.storedVersions(Cluster.TICKETS_DB, "tickets", tickets);
      if (versions.size() != tickets.size()) {
        throw new IllegalStateException(
            "Read " + versions.size() + " of " + tickets.size() + " tickets at the source");
      }
      return versions;
    }

    /**
     * Reads the replicas, in one query to the database every 100 ms, until each one holds at least
     * its ticket's version in {@code versions} (or {@code bound} passed); returns how long after
     * {@code since} ({@link System#nanoTime()}) each ticket got there, shortest first, the bound
     * for those that did not. (Read one by one through the projector's API, under load, one pass
     * over 64 tickets took seconds, and the measurement measured itself.)
     */
    static List<Duration> awaitReplicas(
        Cluster cluster, Map<String, Long> versions, long since, Duration bound)
        throws InterruptedException {
      Set<String> behind = new LinkedHashSet<>(versions.keySet());
      List<Duration> reached = new ArrayList<>();
      while (true) {
        Map<String, Long> replicas =
            cluster.storedVersions(Cluster.ORDERS_DB, "ticket_replicas", behind);
        Duration after = Duration.ofNanos(System.nanoTime() - since);
        for (Iterator<String> ids = behind.iterator(); ids.hasNext(); ) {
          String id = ids.next();
          if (replicas.getOrDefault(id, -1L) >= versions.get(id)) {
            ids.remove();
            reached.add(after);
          }
        }
        if (behind.isEmpty() || after.compareTo(bound) > 0) {
          if (!behind.isEmpty()) {
            log.warn("{} tickets still behind after {}: {}", behind.size(), after, behind);
            behind.forEach(id -> reached.add(bound));
          }
          return reached;
        }
        Thread.sleep(100);
      }
    }

    static Snapshot awaitConvergence(Cluster cluster, Set<String> tickets, Duration bound)
        throws InterruptedException {
      WriteClient reader = new WriteClient(-1);
      long started = System.nanoTime();
      long reported = 0;
      while (true) {
        Map<String, TicketState> source = new HashMap<>();
        Map<String, TicketState> replica = new HashMap<>();
        for (String id : tickets) {
          reader
              .read(cluster.ticketApis().get(0).baseUrl(), id)
              .ifPresent(ticket -> source.put(id, ticket));
          reader
              .read(cluster.projectors().get(0).baseUrl(), id)
              .ifPresent(ticket -> replica.put(id, ticket));
        }
        Duration after = Duration.ofNanos(System.nanoTime() - started);
        boolean equal =
            tickets.stream()
                .allMatch(id -> source.containsKey(id) && source.get(id).sameAs(replica.get(id)));
        if (equal || after.compareTo(bound) > 0) {
          return new Snapshot(source, replica, after);
        }
        if (after.toSeconds() / PROGRESS.toSeconds() > reported) {
          reported = after.toSeconds() / PROGRESS.toSeconds();
          List<String> behind =
              tickets.stream()
                  .filter(id -> !source.containsKey(id) || !source.get(id).sameAs(replica.get(id)))
                  .map(
                      id ->
                          id
                              + " source "
                              + version(source.get(id))
                              + " replica "
                              + version(replica.get(id)))
                  .toList();
          log.info(
              "After {} s, {} replicas differ from their source: {}",
              after.toSeconds(),
              behind.size(),
              behind.subList(0, Math.min(5, behind.size())));
          log.info("Pending in tickets: {}", cluster.pendingSummary());
          cluster
              .ticketApis()
              .forEach(
                  api ->
                      log.info(
                          "{} outbox: {}",
                          api.name(),
                          reader.metrics(api.baseUrl(), "outbox_").replace('\n', ';')));
        }
        Thread.sleep(POLL.toMillis());
      }
    }

    private static String version(TicketState ticket) {
      return ticket == null ? "none" : Long.toString(ticket.version());
    }
  }
}
