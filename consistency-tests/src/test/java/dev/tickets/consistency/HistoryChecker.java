package dev.tickets.consistency;

import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.toList;

import dev.tickets.consistency.EventLog.LoggedEvent;
import dev.tickets.consistency.EventLog.ParkedEvent;
import dev.tickets.consistency.ReplicaWriteRecorder.Transition;
import dev.tickets.consistency.WriteClient.Attempt;
import dev.tickets.consistency.WriteClient.Attempt.Answer;
import dev.tickets.consistency.WriteClient.TicketState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checks a scenario's recorded history against what the source, the log and the replica hold at the
 * end. Each violation names its rule:
 *
 * <ul>
 *   <li>R1 no lost update: the 2xx answers of a ticket carry distinct versions, each one more than
 *       the write's {@code If-Match} (0 for the create); the log holds each of them with the
 *       content that write sent; the final version is at least the number of acknowledged updates;
 *       every logged version is one client's write, applied once, on the version it named, and
 *       never a refused one;
 *   <li>R2 convergence: every replica equals its source; nothing was parked;
 *   <li>R3 no dual-write loss: the log holds every version from 0 to the source's, and none beyond;
 *       every copy of a version says the same; the source's content is its version's in the log;
 *   <li>log order: the first copy of version v comes after the first copy of v - 1, in one
 *       partition;
 *   <li>order: the replica only ever moved to its stored version + 1, through every version once,
 *       each time with the content the log holds for that version;
 *   <li>answers: no 4xx other than 412, and every 412 names a version the ticket held, other than
 *       the expected one.
 * </ul>
 */
final class HistoryChecker {

  private HistoryChecker() {}

  static Verdict check(Observations seen) {
    List<String> violations = new ArrayList<>();
    Map<String, List<Attempt>> attempts =
        seen.history().stream()
            .filter(attempt -> attempt.ticketId() != null)
            .collect(groupingBy(Attempt::ticketId));
    Map<String, List<LoggedEvent>> logged =
        seen.log().stream().collect(groupingBy(LoggedEvent::ticketId));
    Map<String, List<Transition>> moves =
        seen.transitions().stream().collect(groupingBy(Transition::ticketId));
    for (String id : seen.tickets()) {
      TicketState source = seen.source().get(id);
      if (source == null) {
        violations.add("R3 ticket " + id + " was created but is not in the source");
        continue;
      }
      Map<Long, List<LoggedEvent>> versions =
          logged.getOrDefault(id, List.of()).stream()
              .collect(groupingBy(LoggedEvent::version, TreeMap::new, toList()));
      List<Attempt> writes = attempts.getOrDefault(id, List.of());
      checkAnswers(id, writes, source, versions, violations);
      checkWriters(id, writes, versions, violations);
      checkLog(id, source, versions, violations);
      checkReplica(
          id,
          source,
          seen.replica().get(id),
          moves.getOrDefault(id, List.of()),
          versions,
          violations);
    }
    seen.parked().stream()
        .filter(parked -> seen.tickets().contains(parked.ticketId()))
        .forEach(
            parked ->
                violations.add(
                    "R2 ticket " + parked.ticketId() + " has a record parked: " + parked.reason()));
    return new Verdict(violations, Figures.of(seen));
  }

  private static void checkAnswers(
      String id,
      List<Attempt> attempts,
      TicketState source,
      Map<Long, List<LoggedEvent>> versions,
      List<String> violations) {
    Map<Long, Attempt> acknowledged = new HashMap<>();
    long updates = 0;
    for (Attempt attempt : attempts) {
      switch (attempt.answer()) {
        case ACKNOWLEDGED -> {
          Attempt earlier = acknowledged.put(attempt.version(), attempt);
          if (earlier != null) {
            violations.add(
                "R1 ticket "
                    + id
                    + ": two 2xx answers carry version "
                    + attempt.version()
                    + " ("
                    + earlier.title()
                    + ", "
                    + attempt.title()
                    + ")");
          }
          if (!attempt.create() && attempt.version() != attempt.expectedVersion() + 1) {
            violations.add(
                "R1 ticket "
                    + id
                    + ": If-Match "
                    + attempt.expectedVersion()
                    + " was answered with version "
                    + attempt.version());
          }
          if (attempt.create() && attempt.version() != 0) {
            violations.add(
                "R1 ticket " + id + ": the create was answered with version " + attempt.version());
          }
          updates += attempt.create() ? 0 : 1;
          checkLogged(id, attempt, versions.get(attempt.version()), violations);
        }
        case STALE -> {
          if (attempt.version() == attempt.expectedVersion()) {
            violations.add(
                "answers ticket "
                    + id
                    + ": 412 for If-Match "
                    + attempt.expectedVersion()
                    + " names that same version as current");
          }
          if (attempt.version() > source.version() || !versions.containsKey(attempt.version())) {
            violations.add(
                "answers ticket "
                    + id
                    + ": 412 names version "
                    + attempt.version()
                    + " as current, which the ticket never held (source at "
                    + source.version()
                    + ")");
          }
        }
        case REFUSED ->
            violations.add(
                "answers ticket "
                    + id
                    + ": unexpected "
                    + attempt.status()
                    + " for "
                    + attempt.title());
        default -> {
          // FAILED and INDETERMINATE writes may or may not have happened; R3 covers what did.
        }
      }
    }
    if (source.version() < updates) {
      violations.add(
          "R1 ticket "
              + id
              + ": "
              + updates
              + " updates acknowledged but the version is "
              + source.version());
    }
  }

  /**
   * Every logged version is the write of exactly one attempt (titles are unique per attempt): the
   * create for version 0, a PUT whose {@code If-Match} was v - 1 for version v, never a write that
   * was refused, and never one write at two versions.
   */
  private static void checkWriters(
      String id,
      List<Attempt> attempts,
      Map<Long, List<LoggedEvent>> versions,
      List<String> violations) {
    Map<String, Attempt> byTitle = new HashMap<>();
    attempts.forEach(attempt -> byTitle.putIfAbsent(attempt.title(), attempt));
    Map<String, Long> loggedAt = new HashMap<>();
    versions.forEach(
        (version, copies) -> {
          String title = copies.get(0).title();
          Long other = loggedAt.putIfAbsent(title, version);
          Attempt writer = byTitle.get(title);
          if (other != null) {
            violations.add(
                "R1 ticket "
                    + id
                    + ": write "
                    + title
                    + " is logged as version "
                    + other
                    + " and as "
                    + version
                    + ": it was applied twice");
          } else if (writer == null) {
            violations.add(
                "R1 ticket "
                    + id
                    + ": version "
                    + version
                    + " ("
                    + title
                    + ") was written by no client");
          } else if (writer.create() ? version != 0 : writer.expectedVersion() != version - 1) {
            violations.add(
                "R1 ticket "
                    + id
                    + ": write "
                    + title
                    + " (If-Match "
                    + writer.expectedVersion()
                    + ") was applied as version "
                    + version
                    + ": not on the version it named");
          } else if (writer.answer() == Answer.STALE || writer.answer() == Answer.REFUSED) {
            violations.add(
                "R1 ticket "
                    + id
                    + ": write "
                    + title
                    + " was answered "
                    + writer.status()
                    + " but applied as version "
                    + version);
          }
        });
  }

  private static void checkLogged(
      String id, Attempt attempt, List<LoggedEvent> copies, List<String> violations) {
    if (copies == null) {
      violations.add(
          "R1 ticket " + id + ": acknowledged version " + attempt.version() + " is not in the log");
    } else if (!copies.get(0).carries(attempt.title(), attempt.price())) {
      violations.add(
          "R1 ticket "
              + id
              + ": acknowledged version "
              + attempt.version()
              + " ("
              + attempt.title()
              + ") is logged as "
              + copies.get(0).title()
              + ": the write was lost");
    }
  }

  private static void checkLog(
      String id,
      TicketState source,
      Map<Long, List<LoggedEvent>> versions,
      List<String> violations) {
    for (long version = 0; version <= source.version(); version++) {
      if (!versions.containsKey(version)) {
        violations.add(
            "R3 ticket "
                + id
                + ": version "
                + version
                + " is not in the log (source at "
                + source.version()
                + ")");
      }
    }
    versions.forEach(
        (version, copies) -> {
          if (version > source.version()) {
            violations.add(
                "R3 ticket "
                    + id
                    + ": the log holds version "
                    + version
                    + " beyond the source's "
                    + source.version());
          }
          LoggedEvent first = copies.get(0);
          if (copies.stream().anyMatch(copy -> !copy.carries(first.title(), first.price()))) {
            violations.add("R3 ticket " + id + ": the copies of version " + version + " differ");
          }
        });
    List<LoggedEvent> atSource = versions.get(source.version());
    if (atSource != null && !atSource.get(0).carries(source.title(), source.price())) {
      violations.add("R3 ticket " + id + ": the source's content is not its version's in the log");
    }
    checkLogOrder(id, versions, violations);
  }

  private static void checkLogOrder(
      String id, Map<Long, List<LoggedEvent>> versions, List<String> violations) {
    LoggedEvent previous = null;
    for (long version = 0; versions.containsKey(version); version++) {
      LoggedEvent first =
          versions.get(version).stream()
              .min(Comparator.comparingLong(LoggedEvent::offset))
              .orElseThrow();
      if (versions.get(version).stream().anyMatch(copy -> copy.partition() != first.partition())) {
        violations.add("log order ticket " + id + ": version " + version + " is in two partitions");
      }
      if (previous != null
          && (first.partition() != previous.partition() || first.offset() < previous.offset())) {
        violations.add(
            "log order ticket "
                + id
                + ": version "
                + version
                + " first appears at "
                + first.partition()
                + ":"
                + first.offset()
                + ", before version "
                + (version - 1)
                + " at "
                + previous.partition()
                + ":"
                + previous.offset());
      }
      previous = first;
    }
  }

  private static void checkReplica(
      String id,
      TicketState source,
      TicketState replica,
      List<Transition> moves,
      Map<Long, List<LoggedEvent>> versions,
      List<String> violations) {
    if (!source.sameAs(replica)) {
      violations.add("R2 ticket " + id + ": replica " + replica + " differs from source " + source);
    }
    long expected = 0;
    for (Transition move : moves) {
      if (!move.isNextVersion()) {
        violations.add(
            "order ticket " + id + ": the replica moved from " + move.from() + " to " + move.to());
      } else if (move.to() != expected) {
        violations.add(
            "order ticket "
                + id
                + ": version "
                + move.to()
                + " applied when "
                + expected
                + " was due");
      } else if (versions.containsKey(move.to())
          && !versions.get(move.to()).get(0).title().equals(move.title())) {
        violations.add(
            "order ticket "
                + id
                + ": version "
                + move.to()
                + " applied with "
                + move.title()
                + ", but the log's version "
                + move.to()
                + " is "
                + versions.get(move.to()).get(0).title());
      }
      expected = move.to() + 1;
    }
    if (replica != null && expected != replica.version() + 1) {
      violations.add(
          "order ticket "
              + id
              + ": the replica holds version "
              + replica.version()
              + " but the database saw writes up to "
              + (expected - 1));
    }
  }

  /**
   * Everything the checker reads after a scenario, for the scenario's tickets.
   *
   * @param tickets the tickets the scenario created
   * @param history every write attempted, with its answer
   * @param source ticket-api's tickets by id
   * @param log every record of {@code ticket-events} about those tickets
   * @param replica order-projector's replicas by id
   * @param parked records about those tickets on the dead-letter topic
   * @param transitions every replica write the database carried out for those tickets, in order
   */
  record Observations(
      Set<String> tickets,
      List<Attempt> history,
      Map<String, TicketState> source,
      List<LoggedEvent> log,
      Map<String, TicketState> replica,
      List<ParkedEvent> parked,
      List<Transition> transitions) {}

  /**
   * What the checker found: the violated rules (none when the history is consistent) and the
   * figures.
   */
  record Verdict(List<String> violations, Figures figures) {

    boolean consistent() {
      return violations.isEmpty();
    }
  }

  /**
   * A scenario's figures: tickets, writes by answer, the log's records (copies beyond the first of
   * a version are the at-least-once duplicates), the replica writes, and how many replicas equal
   * their source.
   */
  record Figures(
      int tickets,
      long attempted,
      Map<Answer, Long> answers,
      long logged,
      long duplicates,
      long replicaWrites,
      long replicasEqual) {

    static Figures of(Observations seen) {
      Map<Answer, Long> answers =
          seen.history().stream()
              .collect(Collectors.groupingBy(Attempt::answer, Collectors.counting()));
      long distinct =
          seen.log().stream()
              .map(event -> event.ticketId() + "/" + event.version())
              .distinct()
              .count();
      long equal =
          seen.tickets().stream()
              .filter(
                  id ->
                      seen.source().containsKey(id)
                          && seen.source().get(id).sameAs(seen.replica().get(id)))
              .count();
      return new Figures(
          seen.tickets().size(),
          seen.history().size(),
          answers,
          seen.log().size(),
          seen.log().size() - distinct,
          seen.transitions().size(),
          equal);
    }

    long acknowledged() {
      return count(Answer.ACKNOWLEDGED);
    }

    long count(Answer answer) {
      return answers.getOrDefault(answer, 0L);
    }

    /** Adds another scenario's figures to these. */
    Figures plus(Figures other) {
      Map<Answer, Long> sum = new java.util.EnumMap<>(Answer.class);
      answers.forEach((answer, count) -> sum.merge(answer, count, Long::sum));
      other.answers.forEach((answer, count) -> sum.merge(answer, count, Long::sum));
      return new Figures(
          tickets + other.tickets,
          attempted + other.attempted,
          sum,
          logged + other.logged,
          duplicates + other.duplicates,
          replicaWrites + other.replicaWrites,
          replicasEqual + other.replicasEqual);
    }

    @Override
    public String toString() {
      Function<Answer, Long> count = this::count;
      return String.format(
          "%d tickets; %d writes attempted: %d acknowledged, %d stale (412), %d failed (5xx), "
              + "%d without answer, %d refused; log %d records (%d duplicates); %d replica writes; "
              + "replicas equal to source %d/%d (%.1f%%)",
          tickets,
          attempted,
          count.apply(Answer.ACKNOWLEDGED),
          count.apply(Answer.STALE),
          count.apply(Answer.FAILED),
          count.apply(Answer.INDETERMINATE),
          count.apply(Answer.REFUSED),
          logged,
          duplicates,
          replicaWrites,
          replicasEqual,
          tickets,
          tickets == 0 ? 100.0 : 100.0 * replicasEqual / tickets);
    }
  }
}
