package dev.tickets.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tickets.consistency.Cluster.Instance;
import dev.tickets.consistency.HistoryChecker.Verdict;
import dev.tickets.consistency.WriteClient.Attempt.Answer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two ticket-api and two order-projector processes on one Kafka broker and one MongoDB wire server,
 * 16 clients writing conditionally to hot and cold tickets, and one fault per scenario (the last
 * one overlaps three) while they write. After the faults stop, every scenario waits for the
 * replicas to converge and checks the recorded history ({@link HistoryChecker}). A build runs each
 * scenario briefly; {@code -Pendurance} repeats each fault every 20 s until 21,000 updates per
 * scenario were acknowledged.
 */
@ExtendWith(SharedCluster.class)
class FaultScenariosIT {

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
  static final Duration PARTITIONS_TAKEN = Duration.ofSeconds(90);

  private static Cluster cluster;

  @BeforeAll
  static void shareCluster() {
    cluster = SharedCluster.get();
  }

  @Test
  void projectorKilledAndRestarted() throws Exception {
    run(
        "projector kill -9 and restart",
        (cluster, load) -> {
          Instance projector = cluster.projectors().get(0);
          crash(projector);
          projector.awaitPartitions(PARTITIONS_TAKEN);
        });
  }

  @Test
  void ticketApiKilledBetweenWrites() throws Exception {
    Verdict verdict =
        run(
            "ticket-api kill -9 and restart",
            (cluster, load) -> crash(cluster.ticketApis().get(0)));

    assertThat(verdict.figures().count(Answer.INDETERMINATE))
        .as("writes sent to the killed instance")
        .isPositive();
  }

  @Test
  void brokerStoppedAndRestarted() throws Exception {
    run(
        "Kafka broker stop and restart",
        (cluster, load) -> {
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
        (cluster, load) -> {
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
          List<Duration> moved =
              Snapshot.awaitReplicas(cluster, next, returned, Scenarios.CONVERGENCE);
          resumed.add(moved.get(moved.size() - 1));
          List<Duration> caughtUp =
              Snapshot.awaitReplicas(cluster, writtenDuring, returned, Scenarios.CONVERGENCE);
          Scenarios.report(
              String.format(
                  "Kafka broker outage of 20 s under load: every ticket written during the outage"
                      + " (%d of %d) moved past its version from before it in its replica %.1f s after the broker's return (half of them %.1f s"
                      + " after it), and reached the versions written until the return %.1f s"
                      + " after it (half of them %.1f s)%n",
                  next.size(),
                  written.size(),
                  Scenarios.seconds(moved.get(moved.size() - 1)),
                  Scenarios.seconds(moved.get(moved.size() / 2)),
                  Scenarios.seconds(caughtUp.get(caughtUp.size() - 1)),
                  Scenarios.seconds(caughtUp.get(caughtUp.size() / 2))));
        });

    assertThat(resumed).isNotEmpty().allSatisfy(took -> assertThat(took).isLessThan(RECOVERY));
  }

  @Test
  void mongoStoppedAndRestarted() throws Exception {
    Verdict verdict =
        run(
            "MongoDB stop and restart",
            (cluster, load) -> {
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
          (cluster, load) -> {
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
            (cluster, load) -> {
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

  private static void crash(Instance instance) throws InterruptedException {
    instance.kill();
    Thread.sleep(OUTAGE.toMillis());
    instance.start();
  }

  private static Verdict run(String scenario, Scenarios.Fault fault) throws Exception {
    return Scenarios.run(cluster, scenario, fault);
  }
}
