package dev.tickets.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tickets.consistency.Cluster.Instance;
import dev.tickets.consistency.EventLog.LoggedEvent;
import dev.tickets.consistency.Workload.Timed;
import dev.tickets.consistency.WriteClient.Answered;
import dev.tickets.consistency.WriteClient.Attempt.Answer;
import dev.tickets.events.TicketTopics;
import dev.tickets.infra.KafkaTestClient;
import dev.tickets.support.MongoTimeouts;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Partial failures on one network link at a time, which closed sockets never reach: a link that
 * stops moving bytes while its connections stay open (a peer that stops answering), latency, and
 * connection resets. Every service instance reaches Kafka and MongoDB through {@link Link}s of its
 * own. Each scenario proves that its fault took effect, runs the history checks of the process
 * faults ({@link HistoryChecker}), and reports how long after the fault ended the replicas reached
 * the versions the source held at that moment.
 */
@ExtendWith(SharedCluster.class)
class LinkFaultScenariosIT {

  private static final Duration KAFKA_FREEZE = Duration.ofSeconds(20);
  private static final Duration MONGO_FREEZE = Duration.ofSeconds(12);
  private static final Duration LATENCY = Duration.ofMillis(200);
  private static final Duration LATENCY_FOR = Duration.ofSeconds(30);
  private static final Duration MEASURED_FOR = Duration.ofSeconds(10);
  private static final Duration RESET_EVERY = Duration.ofSeconds(3);
  private static final int RESETS = 5;

  /**
   * The longest a request may take while its instance's link to MongoDB is frozen ({@link
   * MongoTimeouts}): a wait for a server, then for a pooled connection, then for the answer to a
   * read, twice over when the driver retries the operation. The scenario reports what it measured.
   */
  private static final Duration ANSWERED_WITHIN =
      MongoTimeouts.SERVER_SELECTION
          .plus(MongoTimeouts.POOL)
          .plus(MongoTimeouts.READ)
          .multipliedBy(2);

  /**
   * How soon after a fault ends every replica behind its source must move on (as after a broker
   * outage, {@code FaultScenariosIT.RECOVERY}). Reaching the source's versions of that moment takes
   * longer while the writers go on: a hot ticket written through both ticket-api instances moves
   * one version per hand-over between them (see docs/fault-scenarios.md), so it is reported, and
   * bounded only by {@link Scenarios#CONVERGENCE}.
   */
  private static final Duration MOVED_ON = Duration.ofSeconds(15);

  /** How long a frozen projector's partitions may take to move: its session, then a rebalance. */
  private static final Duration PARTITIONS_MOVED = Duration.ofSeconds(45);

  private static final String GROUP = "order-projector";

  /** ticket-api's count of events Kafka acknowledged. */
  private static final String PUBLISHED = "outbox_publish_latency_seconds_count";

  private static Cluster cluster;

  @BeforeAll
  static void shareCluster() {
    cluster = SharedCluster.get();
  }

  @Test
  void ticketApiCutOffFromKafkaKeepsAcceptingWritesAndPublishesThemAfterwards() throws Exception {
    Instance api = cluster.ticketApis().get(0);
    Queue<double[]> published = new ConcurrentLinkedQueue<>();
    Queue<List<Timed>> answered = new ConcurrentLinkedQueue<>();
    Queue<Recovery> recoveries = new ConcurrentLinkedQueue<>();
    Scenarios.run(
        cluster,
        "ticket-api-0's link to Kafka frozen for 20 s",
        (cluster, load) -> {
          long frozen = System.nanoTime();
          api.kafkaLink().freeze();
          double early;
          double late;
          try {
            // Sends already answered when the freeze began may still be counted in its first
            // second; none after it.
            Thread.sleep(1000);
            early = api.metric(PUBLISHED);
            Thread.sleep(KAFKA_FREEZE.toMillis() - 1000);
            late = api.metric(PUBLISHED);
          } finally {
            api.kafkaLink().unfreeze();
          }
          long thawed = System.nanoTime();
          answered.add(
              load.timings().stream()
                  .filter(t -> t.ticketApi().equals(api.baseUrl()) && t.sentWithin(frozen, thawed))
                  .toList());
          recoveries.add(recovery(load, "ticket-api-0's link to Kafka", thawed));
          published.add(new double[] {early, late, api.metric(PUBLISHED)});
        });

    assertThat(published)
        .as("events ticket-api-0 published: 1 s into the freeze, at its end, after the recovery")
        .isNotEmpty()
        .allSatisfy(
            counts -> {
              assertThat(counts[1]).as("nothing published while frozen").isEqualTo(counts[0]);
              assertThat(counts[2]).as("published after the thaw").isGreaterThan(counts[1]);
            });
    assertThat(answered)
        .as("writes sent to ticket-api-0 and answered while it was cut off from Kafka")
        .allSatisfy(
            writes ->
                assertThat(writes)
                    .isNotEmpty()
                    .extracting(Timed::answer)
                    .containsOnly(Answer.ACKNOWLEDGED, Answer.STALE)
                    .contains(Answer.ACKNOWLEDGED));
    assertThat(recoveries).isNotEmpty().allSatisfy(Recovery::assertWithinBounds);
  }

  @Test
  void ticketApiCutOffFromMongoAnswers503WithinItsTimeouts() throws Exception {
    Instance api = cluster.ticketApis().get(0);
    Queue<Timed> sentToIt = new ConcurrentLinkedQueue<>();
    Queue<List<Answered>> bursts = new ConcurrentLinkedQueue<>();
    Queue<Recovery> recoveries = new ConcurrentLinkedQueue<>();
    Scenarios.run(
        cluster,
        "ticket-api-0's link to MongoDB frozen for 12 s",
        (cluster, load) -> {
          long frozen = System.nanoTime();
          api.mongoLink().freeze();
          List<Answered> burst;
          long thawed;
          try {
            Thread.sleep(MongoTimeouts.READ.toMillis());
            // Reads on top of the writers: none may wait longer than the timeouts allow.
            burst =
                new WriteClient(-1).readBurst(api.baseUrl(), load.tickets(), 200, ANSWERED_WITHIN);
            Thread.sleep(Math.max(0, MONGO_FREEZE.toMillis() - millisSince(frozen)));
          } finally {
            api.mongoLink().unfreeze();
            thawed = System.nanoTime();
          }
          bursts.add(burst);
          List<Duration> took = burst.stream().map(Answered::took).sorted().toList();
          Scenarios.report(
              String.format(
                  "ticket-api-0's link to MongoDB frozen for %.1f s: 200 reads at once answered"
                      + " %s, in %.1f s at most (half of them in %.1f s)%n",
                  (thawed - frozen) / 1e9,
                  burst.stream()
                      .collect(
                          Collectors.groupingBy(
                              Answered::status, TreeMap::new, Collectors.counting())),
                  Scenarios.seconds(took.get(took.size() - 1)),
                  Scenarios.seconds(took.get(took.size() / 2))));
          load.timings().stream()
              .filter(t -> t.ticketApi().equals(api.baseUrl()))
              .filter(t -> t.sentWithin(frozen, thawed))
              .forEach(sentToIt::add);
          recoveries.add(recovery(load, "ticket-api-0's link to MongoDB", thawed));
        });

    assertThat(sentToIt)
        .as("writes sent to ticket-api-0 while its link to MongoDB was frozen")
        .isNotEmpty()
        .allSatisfy(
            write -> {
              assertThat(write.status()).isEqualTo(503);
              assertThat(write.took()).isLessThan(ANSWERED_WITHIN);
            });
    assertThat(bursts)
        .isNotEmpty()
        .allSatisfy(
            burst ->
                assertThat(burst)
                    .as("200 reads at once on the cut-off instance")
                    .hasSize(200)
                    .allSatisfy(
                        read -> {
                          assertThat(read.status()).isEqualTo(503);
                          assertThat(read.took()).isLessThan(ANSWERED_WITHIN);
                        }));
    assertThat(recoveries).isNotEmpty().allSatisfy(Recovery::assertWithinBounds);
  }

  @Test
  void projectorCutOffFromMongoCommitsNothingItDidNotApply() throws Exception {
    Instance projector = cluster.projectors().get(0);
    Queue<Double> stalled = new ConcurrentLinkedQueue<>();
    Queue<Integer> checked = new ConcurrentLinkedQueue<>();
    Queue<Recovery> recoveries = new ConcurrentLinkedQueue<>();
    Scenarios.run(
        cluster,
        "order-projector-0's link to MongoDB frozen for 12 s",
        (cluster, load) -> {
          projector.mongoLink().freeze();
          try {
            Thread.sleep(MONGO_FREEZE.toMillis());
            stalled.add(projector.metric("projector_oldest_unsettled_age_seconds"));
            checked.add(committedAreApplied(cluster, load));
          } finally {
            projector.mongoLink().unfreeze();
          }
          recoveries.add(recovery(load, "order-projector-0's link to MongoDB", System.nanoTime()));
        });

    assertThat(stalled)
        .as("how long order-projector-0's oldest unsettled record had waited when the freeze ended")
        .isNotEmpty()
        .allSatisfy(seconds -> assertThat(seconds).isGreaterThan(MONGO_FREEZE.toSeconds() / 2.0));
    assertThat(checked)
        .as("records below the committed offsets, checked against the replicas")
        .allSatisfy(count -> assertThat(count).isPositive());
    assertThat(recoveries).isNotEmpty().allSatisfy(Recovery::assertWithinBounds);
  }

  @Test
  void projectorCutOffFromKafkaLosesItsPartitionsAndNeverMovesAReplicaBack() throws Exception {
    Instance stalled = cluster.projectors().get(0);
    Instance other = cluster.projectors().get(1);
    Queue<Duration> moved = new ConcurrentLinkedQueue<>();
    Queue<Duration> rejoined = new ConcurrentLinkedQueue<>();
    Queue<Recovery> recoveries = new ConcurrentLinkedQueue<>();
    Scenarios.run(
        cluster,
        "order-projector-0's link to Kafka frozen past its session timeout",
        (cluster, load) -> {
          long frozen = System.nanoTime();
          stalled.kafkaLink().freeze();
          try {
            moved.add(awaitAllPartitions(other, frozen));
          } finally {
            stalled.kafkaLink().unfreeze();
          }
          long thawed = System.nanoTime();
          rejoined.add(awaitSharedAgain(stalled, other, thawed));
          Scenarios.report(
              String.format(
                  "order-projector-0's link to Kafka frozen for %.1f s: order-projector-1 held every"
                      + " partition %.1f s after the freeze began; the group shared them with"
                      + " order-projector-0 again %.1f s after the thaw%n",
                  (thawed - frozen) / 1e9,
                  Scenarios.seconds(List.copyOf(moved).get(moved.size() - 1)),
                  Scenarios.seconds(List.copyOf(rejoined).get(rejoined.size() - 1))));
          recoveries.add(recovery(load, "order-projector-0's link to Kafka", thawed));
        });

    // The history check's order rule is the monotonicity: every replica write moved its replica
    // from the stored version to the next one, whichever instance made it.
    assertThat(moved)
        .as("time until order-projector-1 held every partition")
        .isNotEmpty()
        .allSatisfy(took -> assertThat(took).isLessThan(PARTITIONS_MOVED));
    assertThat(rejoined)
        .as(
            "time after the thaw until the group shared the partitions with order-projector-0 again")
        .isNotEmpty()
        .allSatisfy(took -> assertThat(took).isLessThan(PARTITIONS_MOVED));
    assertThat(recoveries).isNotEmpty().allSatisfy(Recovery::assertWithinBounds);
  }

  @Test
  void latencyOnEveryLinkSlowsTheWritesAndTheTailRecoversAfterwards() throws Exception {
    Queue<WriteWindow[]> windows = new ConcurrentLinkedQueue<>();
    Queue<Recovery> recoveries = new ConcurrentLinkedQueue<>();
    Scenarios.run(
        cluster,
        "200 ms added to every round trip on every link for 30 s",
        (cluster, load) -> {
          long started = System.nanoTime();
          cluster.links().forEach(link -> link.delay(LATENCY));
          try {
            Thread.sleep(LATENCY_FOR.toMillis());
          } finally {
            cluster.links().forEach(link -> link.delay(Duration.ZERO));
          }
          long ended = System.nanoTime();
          recoveries.add(recovery(load, "latency on every link", ended));
          long afterFrom = ended + Duration.ofSeconds(5).toNanos();
          long afterTo = afterFrom + MEASURED_FOR.toNanos();
          Thread.sleep(Math.max(0, (afterTo - System.nanoTime()) / 1_000_000));
          List<Timed> timings = load.timings();
          WriteWindow before = WriteWindow.of(timings, started - MEASURED_FOR.toNanos(), started);
          WriteWindow during = WriteWindow.of(timings, started, ended);
          WriteWindow after = WriteWindow.of(timings, afterFrom, afterTo);
          windows.add(new WriteWindow[] {before, during, after});
          Scenarios.report(
              String.format(
                  "latency on every link: writes before %s; during %s; 5-15 s after %s%n",
                  before, during, after));
        });

    assertThat(windows)
        .isNotEmpty()
        .allSatisfy(
            w -> {
              // On a saturated 2-core machine the write rate need not drop (the CPU does less per
              // second meanwhile), so the proof the fault took effect is that no write was faster
              // than one MongoDB round trip; the rates are reported.
              assertThat(w).allSatisfy(window -> assertThat(window.writes()).isPositive());
              assertThat(w[1].fastest())
                  .as("the fastest write during the latency: at least one MongoDB round trip")
                  .isGreaterThanOrEqualTo(LATENCY);
              assertThat(w[2].p99())
                  .as("p99 after the latency ended, against before it")
                  .isLessThan(w[0].p99().multipliedBy(2).plusMillis(200));
            });
    assertThat(recoveries).isNotEmpty().allSatisfy(Recovery::assertWithinBounds);
  }

  @Test
  void brokerConnectionsResetEveryFewSeconds() throws Exception {
    Map<String, Integer> reset = new ConcurrentHashMap<>();
    Map<String, Integer> reconnected = new ConcurrentHashMap<>();
    List<String> inUse =
        cluster.ticketApis().stream().map(i -> i.kafkaLink().name()).collect(Collectors.toList());
    cluster.projectors().forEach(i -> inUse.add(i.kafkaLink().name()));
    Queue<Recovery> recoveries = new ConcurrentLinkedQueue<>();
    Scenarios.run(
        cluster,
        "every connection to the broker closed every 3 s, 5 times",
        (cluster, load) -> {
          List<Link> links = cluster.kafkaLinks();
          for (int round = 0; round < RESETS; round++) {
            Thread.sleep(RESET_EVERY.toMillis() / 2);
            Map<Link, Integer> carried = new HashMap<>();
            links.forEach(link -> carried.put(link, link.connectionsCarried()));
            links.forEach(link -> reset.merge(link.name(), link.resetConnections(), Integer::sum));
            Thread.sleep(RESET_EVERY.toMillis() / 2);
            links.forEach(
                link ->
                    reconnected.merge(
                        link.name(), link.connectionsCarried() - carried.get(link), Integer::sum));
          }
          recoveries.add(recovery(load, "broker connections reset", System.nanoTime()));
        });

    assertThat(inUse)
        .as("each instance's link to Kafka: connections closed, and connections opened again")
        .allSatisfy(
            link -> {
              assertThat(reset.getOrDefault(link, 0)).as("closed on %s", link).isPositive();
              assertThat(reconnected.getOrDefault(link, 0)).as("opened on %s", link).isPositive();
            });
    assertThat(recoveries).isNotEmpty().allSatisfy(Recovery::assertWithinBounds);
  }

  /**
   * Commits only after the version check: every record of the scenario's tickets below its
   * partition's committed offset is in the replica (its version or a later one). Returns how many
   * records that checked.
   */
  private static int committedAreApplied(Cluster cluster, Workload load) {
    Map<Integer, Long> committed = new HashMap<>();
    try (KafkaTestClient kafka = new KafkaTestClient(cluster.kafka().bootstrapServers())) {
      for (int partition = 0; partition < Cluster.PARTITIONS; partition++) {
        committed.put(partition, kafka.committed(GROUP, TicketTopics.EVENTS, partition));
      }
    }
    List<LoggedEvent> below =
        new EventLog(cluster.kafka().bootstrapServers())
            .events(new LinkedHashSet<>(load.tickets())).stream()
                .filter(event -> event.offset() < committed.get(event.partition()))
                .toList();
    Map<String, Long> replicas =
        cluster.storedVersions(Cluster.ORDERS_DB, "ticket_replicas", load.tickets());
    List<LoggedEvent> unapplied =
        below.stream()
            .filter(event -> replicas.getOrDefault(event.ticketId(), -1L) < event.version())
            .toList();
    assertThat(unapplied)
        .as("records committed (offsets %s) but not in the replica", committed)
        .isEmpty();
    return below.size();
  }

  /** Waits until {@code instance} holds every partition; returns how long after {@code since}. */
  private static Duration awaitAllPartitions(Instance instance, long since)
      throws InterruptedException {
    return awaitPartitions(() -> instance.assignedPartitionsOrNone() >= Cluster.PARTITIONS, since);
  }

  /**
   * Waits until {@code stalled} holds partitions again and {@code other} no longer holds them all:
   * the group rebalanced with the instance that was cut off; returns how long after {@code since}.
   */
  private static Duration awaitSharedAgain(Instance stalled, Instance other, long since)
      throws InterruptedException {
    return awaitPartitions(
        () -> {
          int others = other.assignedPartitionsOrNone();
          return stalled.assignedPartitionsOrNone() > 0
              && others >= 0
              && others < Cluster.PARTITIONS;
        },
        since);
  }

  /**
   * Polls {@code assigned} every 200 ms until it holds; returns how long after {@code since} that
   * was, or {@link #PARTITIONS_MOVED} once that has passed.
   */
  private static Duration awaitPartitions(BooleanSupplier assigned, long since)
      throws InterruptedException {
    while (!assigned.getAsBoolean()) {
      if (System.nanoTime() - since > PARTITIONS_MOVED.toNanos()) {
        return PARTITIONS_MOVED;
      }
      Thread.sleep(200);
    }
    return Duration.ofNanos(System.nanoTime() - since);
  }

  /**
   * Measures the recovery after a fault that ended at {@code ended} ({@link System#nanoTime()}):
   * when every replica that was behind its source then moved on by one version, and when every
   * replica reached the version its source held then (the writers go on meanwhile). Reports both.
   */
  private static Recovery recovery(Workload load, String fault, long ended)
      throws InterruptedException {
    Map<String, Long> source = Snapshot.sourceVersions(cluster, load.tickets());
    Map<String, Long> replica =
        cluster.storedVersions(Cluster.ORDERS_DB, "ticket_replicas", load.tickets());
    Map<String, Long> next = new HashMap<>();
    source.forEach(
        (id, version) -> next.put(id, Math.min(version, replica.getOrDefault(id, -1L) + 1)));
    List<Duration> moved = Snapshot.awaitReplicas(cluster, next, ended, Scenarios.CONVERGENCE);
    List<Duration> reached = Snapshot.awaitReplicas(cluster, source, ended, Scenarios.CONVERGENCE);
    Recovery recovery = new Recovery(moved.get(moved.size() - 1), reached.get(reached.size() - 1));
    Scenarios.report(
        String.format(
            "%s: after the fault ended, every replica behind its source moved on within %.1f s;"
                + " the replicas reached the versions their source held then within %.1f s (half"
                + " of them %.1f s), the writers going on%n",
            fault,
            Scenarios.seconds(recovery.movedOn()),
            Scenarios.seconds(recovery.caughtUp()),
            Scenarios.seconds(reached.get(reached.size() / 2))));
    return recovery;
  }

  private static long millisSince(long nanoTime) {
    return (System.nanoTime() - nanoTime) / 1_000_000;
  }

  /**
   * How long after a fault ended every replica behind its source had moved on, and had reached the
   * source's version of that moment.
   */
  private record Recovery(Duration movedOn, Duration caughtUp) {

    void assertWithinBounds() {
      assertThat(movedOn).as("every replica behind moved on").isLessThan(MOVED_ON);
      assertThat(caughtUp)
          .as("the replicas reached the versions of the fault's end")
          .isLessThan(Scenarios.CONVERGENCE);
    }
  }
}
