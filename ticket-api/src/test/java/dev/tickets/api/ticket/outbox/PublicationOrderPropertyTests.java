package dev.tickets.api.ticket.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.tickets.api.ticket.outbox.TicketLanes.Next;
import dev.tickets.api.ticket.outbox.TicketLanesTests.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The relay's ordering rule against a model of the store and the log, with several relay instances
 * sharing them: writes on any instance whose callbacks arrive in any order, acknowledgements in any
 * order, failed sends (some of which were written anyway), failed and late reads, late clean-ups,
 * sweeps that hand whatever is pending to any instance, resends after backoffs, and crashes that
 * lose an instance's memory and whatever it had in flight. Per ticket, the first copies in the log
 * are always 0, 1, 2, ... and, once the faults stop, every version is there.
 */
class PublicationOrderPropertyTests {

  private static final Duration FIRST_RESEND = Duration.ofMillis(100);
  private static final Duration MAX_RESEND = Duration.ofSeconds(1);
  private static final Duration GRACE = Duration.ofMillis(700);
  private static final Duration LONG_GRACE = Duration.ofHours(1);

  @Test
  void firstCopiesReachTheLogInVersionOrderWhateverFailsAndWhoeverSends() {
    qt().withExamples(300)
        .withShrinkCycles(20)
        .forAll(
            longs().all(),
            integers().between(1, 3),
            integers().between(1, 6),
            integers().between(0, 40))
        .checkAssert(
            (seed, instances, tickets, failurePercent) -> {
              Simulation simulation =
                  new Simulation(new Random(seed), instances, tickets, failurePercent, true);
              simulation.run(500);
              simulation.drain();
              simulation.assertFirstCopiesInOrderAndComplete();
            });
  }

  /**
   * Several instances writing the same tickets send nothing twice while every event is acknowledged
   * within the grace (which the model makes an hour), nothing fails, and the relays stay under
   * their capacity.
   */
  @Test
  void withoutFailuresNothingIsSentTwice() {
    qt().withExamples(200)
        .withShrinkCycles(20)
        .forAll(longs().all(), integers().between(1, 3), integers().between(1, 6))
        .checkAssert(
            (seed, instances, tickets) -> {
              Simulation simulation =
                  new Simulation(new Random(seed), instances, tickets, 0, false);
              simulation.run(400);
              simulation.drain();
              simulation.assertFirstCopiesInOrderAndComplete();
              simulation.log.forEach(
                  (ticket, versions) ->
                      assertThat(versions).as("log of %s", ticket).doesNotHaveDuplicates());
            });
  }

  /** One relay instance: its lanes and what it has under way. */
  private static final class Instance {

    final TicketLanes lanes;
    final List<Write> callbacks = new ArrayList<>();
    final List<PendingPublication> inFlight = new ArrayList<>();
    final List<Read> reads = new ArrayList<>();
    final List<PendingPublication> toForget = new ArrayList<>();

    Instance(int capacity, Duration grace, MutableClock clock) {
      lanes = new TicketLanes(capacity, FIRST_RESEND, MAX_RESEND, grace, clock);
      lanes.open();
    }

    boolean idle() {
      return callbacks.isEmpty() && inFlight.isEmpty() && reads.isEmpty() && toForget.isEmpty();
    }

    void crash() {
      callbacks.clear();
      inFlight.clear();
      reads.clear();
      toForget.clear();
      lanes.reset();
    }
  }

  /** A write's callback to the relay: its event and the oldest version then pending. */
  private record Write(PendingPublication event, long oldestPending) {}

  /** A read under way, and what was pending when it was asked for. */
  private record Read(String ticketId, List<PendingPublication> whenAsked) {}

  private static final class Simulation {

    final Random random;
    final int tickets;
    final int failurePercent;
    final boolean faults;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    final List<Instance> instances;
    final Map<String, Long> versions = new HashMap<>();
    final Map<String, TreeSet<Long>> pending = new HashMap<>();
    final Map<String, List<Long>> log = new HashMap<>();

    Simulation(Random random, int instances, int tickets, int failurePercent, boolean faults) {
      this.random = random;
      this.tickets = tickets;
      this.failurePercent = failurePercent;
      this.faults = faults;
      this.instances =
          IntStream.range(0, instances)
              .mapToObj(
                  i ->
                      new Instance(
                          faults ? 3 + random.nextInt(30) : 10_000,
                          faults ? GRACE : LONG_GRACE,
                          clock))
              .toList();
    }

    void run(int steps) {
      for (int step = 0; step < steps; step++) {
        Instance instance = instances.get(random.nextInt(instances.size()));
        switch (random.nextInt(9)) {
          case 0, 1 -> write(instance, "t" + random.nextInt(tickets));
          case 2 -> deliverCallback(instance);
          case 3 -> answer(instance, random.nextInt(100) < failurePercent);
          case 4 -> forget(instance);
          case 5 -> answerRead(instance, faults && random.nextInt(4) == 0);
          case 6 -> {
            clock.advance(Duration.ofMillis(random.nextInt(300)));
            instances.forEach(each -> each.lanes.due().forEach(next -> follow(each, next)));
          }
          case 7 -> {
            if (faults) {
              sweep(instance);
            }
          }
          default -> {
            if (faults && random.nextInt(10) == 0) {
              crash(instance);
            }
          }
        }
      }
    }

    /** No more faults: everything is answered, forgotten, resent and swept until nothing waits. */
    void drain() {
      for (int round = 0; round < 10_000 && !settled(); round++) {
        for (Instance instance : instances) {
          while (!instance.callbacks.isEmpty()) {
            deliverCallback(instance);
          }
        }
        for (Instance instance : instances) {
          while (!instance.reads.isEmpty()) {
            answerRead(instance, false);
          }
          while (!instance.inFlight.isEmpty()) {
            answer(instance, false);
          }
          while (forget(instance)) {
            // until nothing more can be forgotten
          }
        }
        if (instances.stream().allMatch(Instance::idle)) {
          clock.advance(MAX_RESEND);
          instances.forEach(each -> each.lanes.due().forEach(next -> follow(each, next)));
          if (instances.stream().allMatch(Instance::idle)) {
            pending.keySet().stream()
                .sorted()
                .filter(id -> !pending.get(id).isEmpty())
                .findFirst()
                .ifPresent(id -> sweepTicket(instances.get(0), id));
          }
        }
      }
      assertThat(settled()).as("drained").isTrue();
      instances.forEach(
          instance -> assertThat(instance.lanes.isSettled()).as("lanes settled").isTrue());
    }

    void assertFirstCopiesInOrderAndComplete() {
      versions.forEach(
          (ticket, last) ->
              assertThat(log.getOrDefault(ticket, List.of()).stream().distinct().toList())
                  .as("first copies of %s", ticket)
                  .containsExactlyElementsOf(LongStream.rangeClosed(0, last).boxed().toList()));
    }

    private boolean settled() {
      return instances.stream().allMatch(Instance::idle)
          && pending.values().stream().allMatch(TreeSet::isEmpty);
    }

    private void write(Instance instance, String ticket) {
      long version = versions.merge(ticket, 0L, (last, zero) -> last + 1);
      TreeSet<Long> ticketPending = pending.computeIfAbsent(ticket, id -> new TreeSet<>());
      ticketPending.add(version);
      instance.callbacks.add(new Write(event(ticket, version), ticketPending.first()));
    }

    private void deliverCallback(Instance instance) {
      if (!instance.callbacks.isEmpty()) {
        Write write = instance.callbacks.remove(random.nextInt(instance.callbacks.size()));
        follow(instance, instance.lanes.offer(write.event(), write.oldestPending()));
      }
    }

    private void answer(Instance instance, boolean fail) {
      if (instance.inFlight.isEmpty()) {
        return;
      }
      PendingPublication sent = instance.inFlight.remove(random.nextInt(instance.inFlight.size()));
      if (fail) {
        if (random.nextBoolean()) {
          appendToLog(sent);
        }
        instance.lanes.failed(sent);
        return;
      }
      appendToLog(sent);
      instance.toForget.add(sent);
      follow(instance, instance.lanes.acknowledged(sent));
    }

    /**
     * Removes acknowledged events from the store. Without faults a write's callback reaches the
     * relay long before its event could be sent, acknowledged and removed (the callback follows the
     * write at once), so a clean-up then waits for the callbacks of what it removes.
     */
    private boolean forget(Instance instance) {
      List<PendingPublication> ready =
          instance.toForget.stream()
              .filter(done -> faults || !awaitsCallback(done.ticketId(), done.version()))
              .toList();
      if (!ready.isEmpty()) {
        PendingPublication done = ready.get(random.nextInt(ready.size()));
        instance.toForget.remove(done);
        pending.get(done.ticketId()).headSet(done.version(), true).clear();
        instance.lanes.forgotten(done.ticketId(), done.version());
        return true;
      }
      return false;
    }

    private boolean awaitsCallback(String ticket, long upTo) {
      return instances.stream()
          .flatMap(instance -> instance.callbacks.stream())
          .anyMatch(
              write -> write.event().ticketId().equals(ticket) && write.event().version() <= upTo);
    }

    private void answerRead(Instance instance, boolean fail) {
      if (instance.reads.isEmpty()) {
        return;
      }
      Read read = instance.reads.remove(random.nextInt(instance.reads.size()));
      String ticket = read.ticketId();
      if (fail) {
        instance.lanes.readFailed(ticket);
      } else {
        // The database answers as of some moment between the request and the answer.
        List<PendingPublication> answer =
            random.nextBoolean() ? read.whenAsked() : pendingEvents(ticket);
        follow(instance, instance.lanes.read(ticket, answer));
      }
    }

    private void sweep(Instance instance) {
      List<String> withPending =
          pending.keySet().stream().filter(id -> !pending.get(id).isEmpty()).sorted().toList();
      if (!withPending.isEmpty() && instance.lanes.hasRoom()) {
        sweepTicket(instance, withPending.get(random.nextInt(withPending.size())));
      }
    }

    private void sweepTicket(Instance instance, String ticket) {
      follow(instance, instance.lanes.offerSwept(pendingEvents(ticket)));
    }

    /** A crash and a restart: sends in flight were written or not, the rest is forgotten. */
    private void crash(Instance instance) {
      instance.inFlight.stream().filter(sent -> random.nextBoolean()).forEach(this::appendToLog);
      instance.crash();
      instance.lanes.open();
    }

    private List<PendingPublication> pendingEvents(String ticket) {
      return pending.get(ticket).stream().map(version -> event(ticket, version)).toList();
    }

    private void follow(Instance instance, Next next) {
      if (next.send() != null) {
        instance.inFlight.add(next.send());
      }
      if (next.read()) {
        instance.reads.add(new Read(next.ticketId(), pendingEvents(next.ticketId())));
      }
    }

    private void appendToLog(PendingPublication sent) {
      log.computeIfAbsent(sent.ticketId(), id -> new ArrayList<>()).add(sent.version());
    }

    private static PendingPublication event(String ticket, long version) {
      return TicketLanesTests.event(ticket, version);
    }
  }
}
