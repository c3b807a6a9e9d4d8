package dev.tickets.projector.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.tickets.testkit.InMemoryReplicaStore;
import dev.tickets.testkit.ProjectionHarness;
import dev.tickets.testkit.TestDelivery;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Property: for any interleaving of many tickets' versions on a few partitions, each ticket's
 * versions shuffled within its partition, with copies of random versions, and a store that answers
 * late, in any order, and sometimes fails (before or after writing), every replica ends at the last
 * version, nothing is parked, each version is written exactly once and in order, and a record is
 * acknowledged exactly once and only when the replica holds its version, so that the offsets
 * committed from the acknowledgements never pass an unsettled record.
 */
class VersionOrderPropertyTests {

  @Test
  void everyInterleavingEndsAtTheLastVersionWrittenInOrderAndAcknowledgedOnlyWhenSettled() {
    qt().withExamples(150)
        .withShrinkCycles(20)
        .forAll(
            longs().all(),
            integers().between(1, 40),
            integers().between(1, 12),
            integers().between(1, 4))
        .checkAssert(
            (seed, tickets, versions, partitions) ->
                new Scenario(seed, tickets, versions, partitions).check());
  }

  /** One generated log, projected once. */
  static final class Scenario {

    final Random random;
    final int tickets;
    final int versions;
    final List<TestDelivery> log = new ArrayList<>();
    final Queue<String> violations = new ConcurrentLinkedQueue<>();
    final FlakyStore store = new FlakyStore();

    Scenario(long seed, int tickets, int versions, int partitions) {
      this.random = new Random(seed);
      this.tickets = tickets;
      this.versions = versions;
      List<List<long[]>> byPartition = new ArrayList<>();
      for (int partition = 0; partition < partitions; partition++) {
        byPartition.add(new ArrayList<>());
      }
      for (int ticket = 0; ticket < tickets; ticket++) {
        List<long[]> records = byPartition.get(random.nextInt(partitions));
        for (long version = 0; version < versions; version++) {
          int copies = random.nextInt(5) == 0 ? 2 : 1;
          for (int copy = 0; copy < copies; copy++) {
            records.add(new long[] {ticket, version});
          }
        }
      }
      List<ArrayDeque<TestDelivery>> partitionLogs = new ArrayList<>();
      for (int partition = 0; partition < partitions; partition++) {
        List<long[]> records = byPartition.get(partition);
        Collections.shuffle(records, random);
        ArrayDeque<TestDelivery> partitionLog = new ArrayDeque<>();
        for (long[] record : records) {
          partitionLog.add(delivery("t-" + record[0], record[1], partition, partitionLog.size()));
        }
        partitionLogs.add(partitionLog);
      }
      interleave(partitionLogs);
    }

    /** Kafka's one promise: each partition's records arrive in offset order. */
    private void interleave(List<ArrayDeque<TestDelivery>> partitionLogs) {
      List<ArrayDeque<TestDelivery>> left = new ArrayList<>(partitionLogs);
      left.removeIf(ArrayDeque::isEmpty);
      while (!left.isEmpty()) {
        ArrayDeque<TestDelivery> next = left.get(random.nextInt(left.size()));
        log.add(next.poll());
        left.removeIf(ArrayDeque::isEmpty);
      }
    }

    private TestDelivery delivery(String ticketId, long version, int partition, long offset) {
      TestDelivery delivery = TestDelivery.event(ticketId, version, partition, offset);
      return delivery.onAcknowledge(
          () -> {
            TicketReplica replica = store.get(ticketId);
            if (replica == null || replica.version() < version) {
              violations.add(
                  delivery.describe()
                      + " (version "
                      + version
                      + ") acknowledged while "
                      + "the replica holds "
                      + (replica == null ? "nothing" : replica.version()));
            }
          });
    }

    void check() {
      int maxWritesInFlight = 1 + random.nextInt(8);
      int maxBatchSize = 1 + random.nextInt(50);
      ProjectionHarness projection =
          ProjectionHarness.builder()
              .replicas(store)
              .settings(
                  new ProjectionSettings(
                      Duration.ofHours(1),
                      Duration.ofMillis(1),
                      Duration.ofMillis(5),
                      maxWritesInFlight,
                      maxBatchSize,
                      log.size()))
              .build();

      List<ProjectionOutcome> outcomes =
          projection.run(Flux.fromIterable(log)).collectList().block(Duration.ofSeconds(20));

      assertThat(violations).isEmpty();
      assertThat(outcomes).hasSize(log.size()).doesNotContain(ProjectionOutcome.PARKED);
      assertThat(log)
          .allSatisfy(
              record -> assertThat(record.acknowledgedCount()).as(record.describe()).isEqualTo(1));
      List<Long> inOrder = LongStream.range(0, versions).boxed().toList();
      for (int ticket = 0; ticket < tickets; ticket++) {
        assertThat(store.written("t-" + ticket))
            .as("versions written to t-" + ticket)
            .isEqualTo(inOrder);
        assertThat(store.get("t-" + ticket).version()).isEqualTo(versions - 1L);
      }
    }
  }

  /**
   * Answers each write late or at once, and fails one in twenty before writing and one in twenty
   * after writing (the answer lost), as an outage would.
   */
  static final class FlakyStore extends InMemoryReplicaStore {

    @Override
    public Mono<List<WriteResult>> write(List<TicketReplica> batch) {
      return Mono.defer(
          () -> {
            int dice = ThreadLocalRandom.current().nextInt(20);
            Mono<List<WriteResult>> written = super.write(batch);
            if (dice == 0) {
              return Mono.error(outage());
            }
            if (dice == 1) {
              return written.then(Mono.error(outage()));
            }
            return dice < 10
                ? written
                : written.delayElement(
                    Duration.ofNanos(ThreadLocalRandom.current().nextLong(300_000)));
          });
    }

    private static InfrastructureUnavailable outage() {
      return new InfrastructureUnavailable("store down", new RuntimeException("socket closed"));
    }
  }
}
