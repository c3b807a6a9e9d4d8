package dev.tickets.consistency;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.tickets.consistency.Attempt.Answer;

/**
 * A scenario's figures: tickets, writes by answer, the log's records (copies beyond the first of a
 * version are the at-least-once duplicates), the replica writes, and how many replicas equal their
 * source.
 */
record Figures(int tickets, long attempted, Map<Answer, Long> answers, long logged, long duplicates,
    long replicaWrites, long replicasEqual) {

  static Figures of(Observations seen) {
    Map<Answer, Long> answers = seen.history().stream()
        .collect(Collectors.groupingBy(Attempt::answer, Collectors.counting()));
    long distinct = seen.log().stream().map(event -> event.ticketId() + "/" + event.version()).distinct().count();
    long equal = seen.tickets().stream()
        .filter(id -> seen.source().containsKey(id) && seen.source().get(id).sameAs(seen.replica().get(id)))
        .count();
    return new Figures(seen.tickets().size(), seen.history().size(), answers, seen.log().size(),
        seen.log().size() - distinct, seen.transitions().size(), equal);
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
    return new Figures(tickets + other.tickets, attempted + other.attempted, sum, logged + other.logged,
        duplicates + other.duplicates, replicaWrites + other.replicaWrites, replicasEqual + other.replicasEqual);
  }

  @Override
  public String toString() {
    Function<Answer, Long> count = this::count;
    return String.format("%d tickets; %d writes attempted: %d acknowledged, %d stale (412), %d failed (5xx), "
        + "%d without answer, %d refused; log %d records (%d duplicates); %d replica writes; "
        + "replicas equal to source %d/%d (%.1f%%)", tickets, attempted, count.apply(Answer.ACKNOWLEDGED),
        count.apply(Answer.STALE), count.apply(Answer.FAILED), count.apply(Answer.INDETERMINATE),
        count.apply(Answer.REFUSED), logged, duplicates, replicaWrites, replicasEqual, tickets,
        tickets == 0 ? 100.0 : 100.0 * replicasEqual / tickets);
  }
}
