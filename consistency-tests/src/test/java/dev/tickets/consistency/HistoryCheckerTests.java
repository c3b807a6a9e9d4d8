package dev.tickets.consistency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.tickets.consistency.EventLog.LoggedEvent;
import dev.tickets.consistency.EventLog.ParkedEvent;
import dev.tickets.consistency.HistoryChecker.Observations;
import dev.tickets.consistency.HistoryChecker.Verdict;
import dev.tickets.consistency.ReplicaWriteRecorder.Transition;
import dev.tickets.consistency.WriteClient.Attempt;
import dev.tickets.consistency.WriteClient.Attempt.Answer;
import dev.tickets.consistency.WriteClient.TicketState;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The checker against a hand-built consistent history, then that history with one thing changed per
 * test (each rule must be able to fail), then against generated histories of a correct system.
 */
class HistoryCheckerTests {

  private static final BigDecimal PRICE = new BigDecimal("20.50");
  private static final String USER = "user-1";
  private static final int TICKETS = 3;
  private static final int PARTITIONS = 2;

  @Test
  void findsNothingInConsistentHistory() {
    Verdict verdict = consistent().check();

    assertThat(verdict.violations()).isEmpty();
    assertThat(verdict.consistent()).isTrue();
    assertThat(verdict.figures().acknowledged()).isEqualTo(5);
    assertThat(verdict.figures().duplicates()).isEqualTo(2);
    assertThat(verdict.figures().replicaWrites()).isEqualTo(6);
    assertThat(verdict.figures().replicasEqual()).isEqualTo(2);
  }

  @Test
  void comparesReplicaPricesByValue() {
    History history = consistent();
    history.replica.put("b", new TicketState("b", 1, "b1", new BigDecimal("20.5"), USER));

    assertThat(history.violations()).isEmpty();
  }

  // R1 no lost update

  @Test
  void reportsTwoAcknowledgementsOfOneVersionAsR1() {
    History history = consistent();
    history.attempts.add(updated("a", 0, "a1-twin", 1));

    assertReports(history, "R1 ticket a: two 2xx answers carry version 1 (a1, a1-twin)");
  }

  @Test
  void reportsAcknowledgedVersionMissingFromLogAsR1() {
    History history = consistent();
    history.log.removeIf(event -> event.ticketId().equals("b") && event.version() == 1);

    assertReports(history, "R1 ticket b: acknowledged version 1 is not in the log");
  }

  @Test
  void reportsAcknowledgedVersionLoggedWithAnotherWritesTitleAsLostUpdate() {
    History history = consistent();
    history.replaceLogged(0, 4, logged("a", 3, "a-timeout", 0, 4));
    history.source.put("a", state("a", 3, "a-timeout"));
    history.replica.put("a", state("a", 3, "a-timeout"));

    assertReports(
        history,
        "R1 ticket a: acknowledged version 3 (a3) is logged as a-timeout: the write was lost");
  }

  @Test
  void reportsFewerVersionsThanAcknowledgedUpdatesAsR1() {
    History history = consistent();
    history.source.put("b", state("b", 0, "b0"));

    assertReports(history, "R1 ticket b: 1 updates acknowledged but the version is 0");
  }

  @Test
  void reportsIfMatchAnsweredWithOtherThanNextVersionAsR1() {
    History history = consistent();
    history.replaceAttempt("a3", updated("a", 1, "a3", 3));

    assertReports(history, "R1 ticket a: If-Match 1 was answered with version 3");
  }

  @Test
  void reportsAWriteAnswered412ButAppliedAsR1() {
    History history = consistent();
    history.replaceLogged(0, 4, logged("a", 3, "a1-stale", 0, 4));
    history.replaceAttempt("a3", stale("a", 1, "a3", 2));
    history.replaceAttempt(
        "a1-stale", new Attempt("a", 2, false, 2, "a1-stale", PRICE, Answer.STALE, 3, 412));
    history.source.put("a", state("a", 3, "a1-stale"));
    history.replica.put("a", state("a", 3, "a1-stale"));
    history.transitions.set(
        history.transitions.indexOf(move("a", 2L, 3)), new Transition("a", 2L, 3, "a1-stale"));

    assertOnlyReports(
        history, "R1 ticket a: write a1-stale was answered 412 but applied as version 3");
  }

  @Test
  void reportsOneWriteLoggedAtTwoVersionsAsR1() {
    History history = consistent();
    history.attempts.removeIf(attempt -> attempt.title().equals("a3"));
    history.replaceLogged(0, 4, logged("a", 3, "a2-failed", 0, 4));
    history.source.put("a", state("a", 3, "a2-failed"));
    history.replica.put("a", state("a", 3, "a2-failed"));
    history.transitions.set(
        history.transitions.indexOf(move("a", 2L, 3)), new Transition("a", 2L, 3, "a2-failed"));

    assertReports(
        history,
        "R1 ticket a: write a2-failed is logged as version 2 and as 3: it was applied twice");
  }

  @Test
  void reportsAVersionNoClientWroteAsR1() {
    History history = consistent();
    history.attempts.removeIf(attempt -> attempt.title().equals("a2-failed"));

    assertOnlyReports(history, "R1 ticket a: version 2 (a2-failed) was written by no client");
  }

  @Test
  void reportsACreateAnsweredWithAnotherVersionAsR1() {
    History history = consistent();
    history.replaceAttempt(
        "b0", new Attempt("b", 1, true, -1, "b0", PRICE, Answer.ACKNOWLEDGED, 3, 201));

    assertReports(history, "R1 ticket b: the create was answered with version 3");
  }

  // R2 convergence

  @Test
  void reportsReplicaThatDiffersFromSourceAsR2() {
    History history = consistent();
    history.replica.put("b", state("b", 1, "b0"));

    assertOnlyReports(history, "R2 ticket b: replica ");
  }

  @Test
  void reportsMissingReplicaAsR2() {
    History history = consistent();
    history.replica.remove("b");

    assertOnlyReports(history, "R2 ticket b: replica null differs from source");
  }

  @Test
  void reportsParkedRecordAsR2() {
    History history = consistent();
    history.parked.add(new ParkedEvent("b", "gap-timeout"));

    assertOnlyReports(history, "R2 ticket b has a record parked: gap-timeout");
  }

  @Test
  void ignoresParkedRecordOfTicketOutsideScenario() {
    History history = consistent();
    history.parked.add(new ParkedEvent("other", "gap-timeout"));

    assertThat(history.violations()).isEmpty();
  }

  // R3 no dual-write loss

  @Test
  void reportsCreatedTicketMissingFromSourceAsR3() {
    History history = consistent();
    history.source.remove("b");

    assertOnlyReports(history, "R3 ticket b was created but is not in the source");
  }

  @Test
  void reportsVersionMissingFromLogBelowSourceAsR3() {
    History history = consistent();
    history.log.removeIf(event -> event.ticketId().equals("a") && event.version() == 2);

    assertOnlyReports(history, "R3 ticket a: version 2 is not in the log (source at 3)");
  }

  @Test
  void reportsLoggedVersionBeyondSourceAsR3() {
    History history = consistent();
    history.log.add(logged("a", 4, "a-timeout", 0, 5));

    assertReports(history, "R3 ticket a: the log holds version 4 beyond the source's 3");
  }

  @Test
  void reportsDifferingCopiesOfOneVersionAsR3() {
    History history = consistent();
    history.replaceLogged(0, 3, logged("a", 1, "a1-stale", 0, 3));

    assertOnlyReports(history, "R3 ticket a: the copies of version 1 differ");
  }

  @Test
  void reportsCopyWithAnotherPriceAsR3() {
    History history = consistent();
    history.replaceLogged(0, 3, new LoggedEvent("a", 1, "a1", new BigDecimal("99.00"), 0, 3));

    assertOnlyReports(history, "R3 ticket a: the copies of version 1 differ");
  }

  @Test
  void reportsSourceContentThatIsNotItsVersionsInTheLogAsR3() {
    History history = consistent();
    history.source.put("a", state("a", 3, "a-timeout"));
    history.replica.put("a", state("a", 3, "a-timeout"));

    assertOnlyReports(history, "R3 ticket a: the source's content is not its version's in the log");
  }

  // log order

  @Test
  void reportsVersionLoggedBeforeItsPredecessorAsLogOrder() {
    History history = consistent();
    history.replaceLogged(0, 2, logged("a", 3, "a3", 0, 2));
    history.replaceLogged(0, 4, logged("a", 2, "a2-failed", 0, 4));

    assertOnlyReports(
        history, "log order ticket a: version 3 first appears at 0:2, before version 2 at 0:4");
  }

  @Test
  void reportsVersionLoggedInAnotherPartitionAsLogOrder() {
    History history = consistent();
    history.replaceLogged(0, 4, logged("a", 3, "a3", 1, 9));

    assertOnlyReports(
        history, "log order ticket a: version 3 first appears at 1:9, before version 2 at 0:2");
  }

  @Test
  void reportsCopiesOfOneVersionInTwoPartitionsAsLogOrder() {
    History history = consistent();
    history.replaceLogged(0, 3, logged("a", 1, "a1", 1, 9));

    assertOnlyReports(history, "log order ticket a: version 1 is in two partitions");
  }

  // order (replica writes at the database)

  @Test
  void reportsReplicaSkippingAVersionAsOrder() {
    History history = consistent();
    history.transitions.remove(move("a", 1L, 2));
    history.transitions.set(history.transitions.indexOf(move("a", 2L, 3)), move("a", 1L, 3));

    assertOnlyReports(history, "order ticket a: the replica moved from 1 to 3");
  }

  @Test
  void reportsReplicaWrittenTwiceAtOneVersionAsOrder() {
    History history = consistent();
    history.transitions.add(history.transitions.indexOf(move("a", 1L, 2)), move("a", 0L, 1));

    assertOnlyReports(history, "order ticket a: version 1 applied when 2 was due");
  }

  @Test
  void reportsReplicaMovingBackwardsAsOrder() {
    History history = consistent();
    history.transitions.add(move("b", 1L, 0));
    history.transitions.add(move("b", 0L, 1));

    assertOnlyReports(history, "order ticket b: the replica moved from 1 to 0");
  }

  @Test
  void reportsReplicaTakingAnotherVersionsContentAsOrder() {
    History history = consistent();
    history.transitions.set(
        history.transitions.indexOf(move("a", 1L, 2)), new Transition("a", 1L, 2, "a3"));

    assertOnlyReports(
        history, "order ticket a: version 2 applied with a3, but the log's version 2 is a2-failed");
  }

  @Test
  void reportsReplicaContentChangedWithoutANewVersionAsOrder() {
    History history = consistent();
    history.transitions.add(new Transition("b", 1L, 1, "b0"));

    assertReports(history, "order ticket b: the replica moved from 1 to 1");
  }

  @Test
  void reportsReplicaAheadOfRecordedWritesAsOrder() {
    History history = consistent();
    history.transitions.remove(move("a", 2L, 3));

    assertOnlyReports(
        history, "order ticket a: the replica holds version 3 but the database saw writes up to 2");
  }

  // answers

  @Test
  void reports412NamingAVersionTheTicketNeverHeldAsAnswers() {
    History history = consistent();
    history.attempts.add(stale("b", 0, "b-future", 7));

    assertOnlyReports(
        history, "answers ticket b: 412 names version 7 as current, which the ticket never held");
  }

  @Test
  void reportsRefusalOtherThan412AsAnswers() {
    History history = consistent();
    history.attempts.add(
        new Attempt("b", 2, false, 1, "b-refused", PRICE, Answer.REFUSED, -1, 400));

    assertOnlyReports(history, "answers ticket b: unexpected 400 for b-refused");
  }

  @Test
  void reports412NamingTheExpectedVersionAsAnswers() {
    History history = consistent();
    history.replaceAttempt("a1-stale", stale("a", 1, "a1-stale", 1));

    assertOnlyReports(
        history, "answers ticket a: 412 for If-Match 1 names that same version as current");
  }

  // properties

  @Test
  void findsNothingInHistoriesOfCorrectSystem() {
    qt().withExamples(500)
        .forAll(workloads())
        .checkAssert(
            steps -> {
              History history = CorrectSystem.run(steps);

              assertThat(history.violations()).isEmpty();
            });
  }

  @Test
  void reportsEveryDroppedLoggedVersionAsR3OrR1() {
    qt().withExamples(500)
        .forAll(workloads(), integers().allPositive())
        .checkAssert(
            (steps, pick) -> {
              History history = CorrectSystem.run(steps);
              List<Version> logged =
                  history.log.stream()
                      .filter(
                          event ->
                              event.version() <= history.source.get(event.ticketId()).version())
                      .map(event -> new Version(event.ticketId(), event.version()))
                      .distinct()
                      .toList();
              Version dropped = logged.get(pick % logged.size());

              history.log.removeIf(
                  event -> new Version(event.ticketId(), event.version()).equals(dropped));

              String missing =
                  "ticket "
                      + dropped.ticketId()
                      + ": version "
                      + dropped.version()
                      + " is not in the log";
              String unlogged =
                  "ticket "
                      + dropped.ticketId()
                      + ": acknowledged version "
                      + dropped.version()
                      + " is not in the log";
              assertThat(history.violations())
                  .anyMatch(
                      violation ->
                          violation.startsWith("R3 " + missing)
                              || violation.startsWith("R1 " + unlogged));
            });
  }

  /**
   * Two tickets: a (partition 0) with a 412, a 5xx that happened (version 2) and a timeout that did
   * not; b (partition 1) with one update. Each has a duplicate copy logged later.
   */
  /**
   * A replica write of the consistent history: titles are the ticket and version, "a2-failed" for
   * a's v2.
   */
  private static Transition move(String id, Long from, long to) {
    return new Transition(id, from, to, id.equals("a") && to == 2 ? "a2-failed" : id + to);
  }

  private static History consistent() {
    History history = new History();
    history.tickets.addAll(List.of("a", "b"));
    history.attempts.addAll(
        List.of(
            created("a", "a0"),
            created("b", "b0"),
            updated("a", 0, "a1", 1),
            stale("a", 0, "a1-stale", 1),
            new Attempt("a", 1, false, 1, "a2-failed", PRICE, Answer.FAILED, -1, 503),
            new Attempt("a", 2, false, 1, "a-timeout", PRICE, Answer.INDETERMINATE, -1, 0),
            updated("b", 0, "b1", 1),
            updated("a", 2, "a3", 3)));
    history.log.addAll(
        List.of(
            logged("a", 0, "a0", 0, 0),
            logged("b", 0, "b0", 1, 0),
            logged("a", 1, "a1", 0, 1),
            logged("a", 2, "a2-failed", 0, 2),
            logged("b", 1, "b1", 1, 1),
            logged("a", 1, "a1", 0, 3),
            logged("a", 3, "a3", 0, 4),
            logged("b", 0, "b0", 1, 2)));
    history.source.put("a", state("a", 3, "a3"));
    history.source.put("b", state("b", 1, "b1"));
    history.replica.putAll(history.source);
    history.transitions.addAll(
        List.of(
            move("a", null, 0),
            move("b", null, 0),
            move("a", 0L, 1),
            move("b", 0L, 1),
            move("a", 1L, 2),
            move("a", 2L, 3)));
    return history;
  }

  private static void assertReports(History history, String violation) {
    assertThat(history.violations()).anyMatch(found -> found.startsWith(violation));
  }

  private static void assertOnlyReports(History history, String violation) {
    assertThat(history.violations()).singleElement(STRING).startsWith(violation);
  }

  private static Attempt created(String id, String title) {
    return new Attempt(id, 1, true, -1, title, PRICE, Answer.ACKNOWLEDGED, 0, 201);
  }

  private static Attempt updated(String id, long ifMatch, String title, long version) {
    return new Attempt(id, 1, false, ifMatch, title, PRICE, Answer.ACKNOWLEDGED, version, 200);
  }

  private static Attempt stale(String id, long ifMatch, String title, long current) {
    return new Attempt(id, 2, false, ifMatch, title, PRICE, Answer.STALE, current, 412);
  }

  private static LoggedEvent logged(
      String id, long version, String title, int partition, long offset) {
    return new LoggedEvent(id, version, title, PRICE, partition, offset);
  }

  private static TicketState state(String id, long version, String title) {
    return new TicketState(id, version, title, PRICE, USER);
  }

  /** What the checker reads, as lists and maps a test may change. */
  private static final class History {

    final Set<String> tickets = new LinkedHashSet<>();
    final List<Attempt> attempts = new ArrayList<>();
    final Map<String, TicketState> source = new HashMap<>();
    final List<LoggedEvent> log = new ArrayList<>();
    final Map<String, TicketState> replica = new HashMap<>();
    final List<ParkedEvent> parked = new ArrayList<>();
    final List<Transition> transitions = new ArrayList<>();

    Verdict check() {
      return HistoryChecker.check(
          new Observations(tickets, attempts, source, log, replica, parked, transitions));
    }

    List<String> violations() {
      return check().violations();
    }

    /** Replaces the log record at {@code partition:offset}. */
    void replaceLogged(int partition, long offset, LoggedEvent replacement) {
      int index = indexOf(log, event -> event.partition() == partition && event.offset() == offset);
      log.set(index, replacement);
    }

    /** Replaces the attempt that sent {@code title}. */
    void replaceAttempt(String title, Attempt replacement) {
      attempts.set(indexOf(attempts, attempt -> attempt.title().equals(title)), replacement);
    }

    private static <T> int indexOf(List<T> list, Predicate<T> matching) {
      for (int i = 0; i < list.size(); i++) {
        if (matching.test(list.get(i))) {
          return i;
        }
      }
      throw new IllegalArgumentException("nothing to replace");
    }
  }

  // generated histories

  /**
   * Updates on {@value #TICKETS} tickets, each with its outcome and when its duplicate copy is
   * logged.
   */
  private static Gen<List<Step>> workloads() {
    Gen<Step> step =
        integers()
            .between(0, TICKETS - 1)
            .zip(arbitrary().enumValues(Outcome.class), integers().between(0, 3), Step::new);
    return lists().of(step).ofSizeBetween(0, 40);
  }

  /** A version of a ticket, whatever its copies in the log. */
  private record Version(String ticketId, long version) {}

  /**
   * One generated update.
   *
   * @param ticket which ticket
   * @param outcome whether it happened and what its client was told
   * @param duplicateAfter 0: no duplicate copy; n: a copy is logged again n updates later
   */
  private record Step(int ticket, Outcome outcome, int duplicateAfter) {}

  /** What became of an update: whether the service applied it, and what its client heard. */
  private enum Outcome {
    ACKNOWLEDGED(true, Answer.ACKNOWLEDGED, 200),
    STALE(false, Answer.STALE, 412),
    FAILED_APPLIED(true, Answer.FAILED, 503),
    FAILED_NOT_APPLIED(false, Answer.FAILED, 503),
    UNANSWERED_APPLIED(true, Answer.INDETERMINATE, 0),
    UNANSWERED_NOT_APPLIED(false, Answer.INDETERMINATE, 0);

    final boolean applied;
    final Answer answer;
    final int status;

    Outcome(boolean applied, Answer answer, int status) {
      this.applied = applied;
      this.answer = answer;
      this.status = status;
    }
  }

  /**
   * A system without faults of its own: each applied update is the next version, logged in its
   * ticket's partition (duplicate copies later in the same partition), written to the replica in
   * order, and the replica ends equal to the source.
   */
  private static final class CorrectSystem {

    private final History history = new History();
    private final Map<String, Long> versions = new HashMap<>();
    private final long[] offsets = new long[PARTITIONS];
    private final List<Duplicate> duplicates = new ArrayList<>();

    private record Duplicate(LoggedEvent copy, int dueAt) {}

    static History run(List<Step> steps) {
      CorrectSystem system = new CorrectSystem();
      for (int ticket = 0; ticket < TICKETS; ticket++) {
        system.create("t" + ticket);
      }
      for (int i = 0; i < steps.size(); i++) {
        system.logDuplicatesDueAt(i);
        system.update(steps.get(i), i);
      }
      system.logDuplicatesDueAt(Integer.MAX_VALUE);
      system.history.replica.putAll(system.history.source);
      return system.history;
    }

    private void create(String id) {
      history.tickets.add(id);
      history.attempts.add(created(id, id + "-create"));
      apply(id, id + "-create");
    }

    private void update(Step step, int index) {
      String id = "t" + step.ticket();
      String title = id + "-write" + index;
      long current = versions.get(id);
      if (step.outcome() == Outcome.STALE) {
        history.attempts.add(stale(id, current == 0 ? current + 1 : current - 1, title, current));
        return;
      }
      long version = step.outcome().answer == Answer.ACKNOWLEDGED ? current + 1 : -1;
      history.attempts.add(
          new Attempt(
              id,
              1,
              false,
              current,
              title,
              PRICE,
              step.outcome().answer,
              version,
              step.outcome().status));
      if (step.outcome().applied) {
        LoggedEvent event = apply(id, title);
        if (step.duplicateAfter() > 0) {
          duplicates.add(new Duplicate(event, index + step.duplicateAfter()));
        }
      }
    }

    private LoggedEvent apply(String id, String title) {
      Long previous = versions.get(id);
      long version = previous == null ? 0 : previous + 1;
      versions.put(id, version);
      history.source.put(id, state(id, version, title));
      history.transitions.add(new Transition(id, previous, version, title));
      return append(logged(id, version, title, partitionOf(id), 0));
    }

    private void logDuplicatesDueAt(int index) {
      List<Duplicate> due =
          duplicates.stream().filter(duplicate -> duplicate.dueAt() <= index).toList();
      duplicates.removeAll(due);
      due.forEach(duplicate -> append(duplicate.copy()));
    }

    private LoggedEvent append(LoggedEvent event) {
      int partition = event.partition();
      LoggedEvent placed =
          new LoggedEvent(
              event.ticketId(),
              event.version(),
              event.title(),
              event.price(),
              partition,
              offsets[partition]++);
      history.log.add(placed);
      return placed;
    }

    private static int partitionOf(String id) {
      return Integer.parseInt(id.substring(1)) % PARTITIONS;
    }
  }
}
