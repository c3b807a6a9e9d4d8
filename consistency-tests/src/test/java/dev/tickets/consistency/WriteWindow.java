package dev.tickets.consistency;

import dev.tickets.consistency.Workload.Timed;
import dev.tickets.consistency.WriteClient.Attempt.Answer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The writes sent in one window of time and answered within it: how many were acknowledged per
 * second, the fastest, the median and the 99th percentile.
 */
record WriteWindow(double perSecond, Duration fastest, Duration p50, Duration p99, int writes) {

  /** The writes sent at {@code from} or later that were answered before {@code to}. */
  static WriteWindow of(List<Timed> timings, long from, long to) {
    List<Long> took = new ArrayList<>();
    long acknowledged = 0;
    for (Timed timed : timings) {
      if (timed.sentWithin(from, to)) {
        took.add(timed.tookNanos());
        acknowledged += timed.answer() == Answer.ACKNOWLEDGED ? 1 : 0;
      }
    }
    took.sort(null);
    double seconds = (to - from) / 1e9;
    return new WriteWindow(
        acknowledged / seconds,
        took.isEmpty() ? Duration.ZERO : Duration.ofNanos(took.get(0)),
        percentile(took, 0.50),
        percentile(took, 0.99),
        took.size());
  }

  private static Duration percentile(List<Long> sorted, double rank) {
    return sorted.isEmpty()
        ? Duration.ZERO
        : Duration.ofNanos(sorted.get((int) Math.ceil(rank * sorted.size()) - 1));
  }

  @Override
  public String toString() {
    return String.format(
        "%.0f acknowledged/s, fastest %d ms, p50 %d ms, p99 %d ms (%d writes)",
        perSecond, fastest.toMillis(), p50.toMillis(), p99.toMillis(), writes);
  }
}
