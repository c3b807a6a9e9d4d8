package dev.tickets.local;

import java.util.Map;
import java.util.TreeMap;

/**
 * What load workers saw in one phase's measured window: answers by kind, the latency of every PUT
 * that started (or was scheduled) in it, and how many PUTs completed in it (for PUT/s). One per
 * worker thread, merged at the end.
 */
final class PutTally {

  long ok;
  long conflicts;
  long other;
  long completedInWindow;
  long unsent;
  final Samples latencies = new Samples();
  final Map<String, Long> otherKinds = new TreeMap<>();

  /** {@code started}: when the PUT was sent (closed loop) or scheduled (paced), in nanoTime. */
  void record(MeasureWindow window, long started, long finished, BenchClient.Answer answer) {
    if (window.contains(finished) && answer.status() > 0) {
      completedInWindow++;
    }
    if (!window.contains(started)) {
      return;
    }
    if (answer.status() == 200) {
      ok++;
    }
    else if (answer.status() == 412) {
      conflicts++;
    }
    else {
      other++;
      otherKinds.merge(answer.kind(), 1L, Long::sum);
    }
    if (answer.status() > 0) {
      latencies.add(finished - started);
    }
  }

  void add(PutTally worker) {
    ok += worker.ok;
    conflicts += worker.conflicts;
    other += worker.other;
    completedInWindow += worker.completedInWindow;
    unsent += worker.unsent;
    latencies.addAll(worker.latencies);
    worker.otherKinds.forEach((kind, count) -> otherKinds.merge(kind, count, Long::sum));
  }
}
