package dev.tickets.api.ticket.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.tickets.api.ticket.outbox.TicketLanesTests.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The relay's ordering rule against a model of the store and the log: random writes whose callbacks
 * arrive in any order, acknowledgements in any order across tickets, failed sends (some of which
 * were written anyway), late clean-ups, predecessor checks that give up, and sweeps that hand over
 * whatever is pending. Per ticket, the first copies in the log are always 0, 1, 2, ... and, once
 * the faults stop, every version is there.
 */
class PublicationOrderPropertyTests {

  @Test
  void firstCopiesReachTheLogInVersionOrderWhateverFailsAndWhoeverSends() {
    qt().withExamples(300)
        .withShrinkCycles(20)
        .forAll(longs().all(), integers().between(1, 6), integers().between(0, 40))
        .checkAssert(
            (seed, tickets, failurePercent) -> {
              Simulation simulation =
                  new Simulation(new Random(seed), tickets, failurePercent, true);
              simulation.run(400);
              simulation.drain();
              simulation.assertFirstCopiesInOrderAndComplete();
            });
  }

  @Test
  void withoutFailuresNothingIsSentTwice() {
    qt().withExamples(200)
        .withShrinkCycles(20)
        .forAll(longs().all(), integers().between(1, 6))
        .checkAssert(
            (seed, tickets) -> {
              Simulation simulation = new Simulation(new Random(seed), tickets, 0, false);
              simulation.run(400);
              simulation.drain();
              simulation.assertFirstCopiesInOrderAndComplete();
              simulation.log.forEach(
                  (ticket, versions) ->
                      assertThat(versions).as("log of %s", ticket).doesNotHaveDuplicates());
            });
  }

  private static final class Simulation {

    final Random random;
    final int tickets;
    final int failurePercent;
    final boolean faults;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    final TicketLanes lanes;
    final Map<String, Long> versions = new HashMap<>();
    final Map<String, TreeSet<Long>> pending = new HashMap<>();
    final List<Object[]> callbacks = new ArrayList<>();
    final List<PendingPublication> inFlight = new ArrayList<>();
    final List<PendingPublication> toForget = new ArrayList<>();
    final LinkedHashSet<String> checks = new LinkedHashSet<>();
    final Map<String, List<Long>> log = new HashMap<>();

    Simulation(Random random, int tickets, int failurePercent, boolean faults) {
      this.random = random;
      this.tickets = tickets;
      this.failurePercent = failurePercent;
      this.faults = faults;
      this.lanes = new TicketLanes(3 + random.nextInt(30), Duration.ofSeconds(60), clock);
      lanes.open();
    }

    void run(int steps) {
      for (int step = 0; step < steps; step++) {
        switch (random.nextInt(7)) {
          case 0, 1 -> write("t" + random.nextInt(tickets));
          case 2 -> deliverCallback();
          case 3 -> answer(random.nextInt(100) < failurePercent);
          case 4 -> forget();
          case 5 -> check(faults && random.nextInt(4) == 0);
          default -> {
            if (faults) {
              sweep();
            } else {
              clock.advance(Duration.ofMillis(random.nextInt(100)));
            }
          }
        }
      }
    }

    /**
     * No more faults: everything answered, forgotten, checked and swept until nothing is pending.
     */
    void drain() {
      for (int round = 0; round < 10_000 && !settled(); round++) {
        while (!callbacks.isEmpty()) {
          deliverCallback();
        }
        while (!inFlight.isEmpty()) {
          answer(false);
        }
        while (!toForget.isEmpty()) {
          forget();
        }
        if (!checks.isEmpty()) {
          // Nothing else moves: a predecessor still pending now waits for the sweeper.
          check(true);
        } else if (inFlight.isEmpty()) {
          clock.advance(Duration.ofSeconds(61));
          lanes.hasRoom();
          pending.keySet().stream()
              .filter(id -> !pending.get(id).isEmpty())
              .findFirst()
              .ifPresent(this::sweepTicket);
        }
      }
      assertThat(settled()).as("drained").isTrue();
    }

    void assertFirstCopiesInOrderAndComplete() {
      versions.forEach(
          (ticket, last) ->
              assertThat(log.getOrDefault(ticket, List.of()).stream().distinct().toList())
                  .as("first copies of %s", ticket)
                  .containsExactlyElementsOf(LongStream.rangeClosed(0, last).boxed().toList()));
    }

    private boolean settled() {
      return callbacks.isEmpty()
          && inFlight.isEmpty()
          && toForget.isEmpty()
          && checks.isEmpty()
          && pending.values().stream().allMatch(TreeSet::isEmpty);
    }

    private void write(String ticket) {
      long version = versions.merge(ticket, 0L, (last, zero) -> last + 1);
      TreeSet<Long> ticketPending = pending.computeIfAbsent(ticket, id -> new TreeSet<>());
      ticketPending.add(version);
      callbacks.add(new Object[] {event(ticket, version), ticketPending.first()});
    }

    private void deliverCallback() {
      if (!callbacks.isEmpty()) {
        Object[] callback = callbacks.remove(random.nextInt(callbacks.size()));
        follow(lanes.offer((PendingPublication) callback[0], (Long) callback[1]));
      }
    }

    private void answer(boolean fail) {
      if (inFlight.isEmpty()) {
        return;
      }
      PendingPublication sent = inFlight.remove(random.nextInt(inFlight.size()));
      if (fail) {
        if (random.nextBoolean()) {
          appendToLog(sent);
        }
        lanes.failed(sent);
        return;
      }
      appendToLog(sent);
      toForget.add(sent);
      follow(lanes.acknowledged(sent));
    }

    private void forget() {
      if (!toForget.isEmpty()) {
        PendingPublication done = toForget.remove(random.nextInt(toForget.size()));
        pending.get(done.ticketId()).headSet(done.version(), true).clear();
        lanes.forgotten(done.ticketId(), done.version());
      }
    }

    private void check(boolean giveUp) {
      if (checks.isEmpty()) {
        return;
      }
      String ticket = checks.iterator().next();
      checks.remove(ticket);
      TicketLanes.Next next = lanes.predecessorChecked(ticket, List.copyOf(pending.get(ticket)));
      if (!next.checkPredecessor()) {
        follow(next);
      } else if (giveUp) {
        lanes.giveUp(ticket);
      } else {
        checks.add(ticket);
      }
    }

    private void sweep() {
      List<String> withPending =
          pending.keySet().stream().filter(id -> !pending.get(id).isEmpty()).sorted().toList();
      if (!withPending.isEmpty()) {
        sweepTicket(withPending.get(random.nextInt(withPending.size())));
      }
    }

    private void sweepTicket(String ticket) {
      follow(
          lanes.offerSwept(
              pending.get(ticket).stream().map(version -> event(ticket, version)).toList()));
    }

    private void follow(TicketLanes.Next next) {
      if (next.send() != null) {
        inFlight.add(next.send());
      }
      if (next.checkPredecessor()) {
        checks.add(next.ticketId());
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
