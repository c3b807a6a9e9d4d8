package dev.tickets.local;

import java.time.Duration;
import java.util.Locale;

/**
 * One phase's figures and their row in the benchmark's table.
 *
 * @param name what ran
 * @param connections load threads, each with its keep-alive connection
 * @param targetPerSecond the paced rate, or 0 for a closed loop
 * @param seconds the measured window's length
 * @param puts what the load saw in the window
 * @param probe write-to-replica samples, or null when not probed
 * @param pendingAfter2s events still pending 2 s after the load stopped
 * @param drainedIn from the load's stop until nothing was pending; null when not awaited or not
 *     reached within {@code drainTimeout}
 * @param drainTimeout how long the drain was awaited; null when it was not
 * @param cpu CPU time of each process in the window
 */
record PhaseResult(String name, int connections, double targetPerSecond, double seconds, PutTally puts,
    ReplicaProbe.Result probe, long pendingAfter2s, Duration drainedIn, Duration drainTimeout, CpuUse cpu) {

  static final String HEADER = String.format(Locale.ROOT,
      "%-34s %5s %8s %8s %7s %7s %7s %6s %5s %8s %8s %5s %9s %8s",
      "phase", "conns", "target/s", "PUT/s", "p50 ms", "p99 ms", "200", "412", "other",
      "w2r p50", "w2r p99", "w2r n", "pend@2s", "drained");

  /** Answered PUTs (any HTTP status) completed inside the window, per second. */
  double putsPerSecond() {
    return puts.completedInWindow / seconds;
  }

  String row() {
    return String.format(Locale.ROOT,
        "%-34s %5d %8s %8.1f %7.1f %7.1f %7d %6d %5d %8s %8s %5s %9d %8s",
        name, connections, targetPerSecond > 0 ? String.format(Locale.ROOT, "%.1f", targetPerSecond) : "-",
        putsPerSecond(), puts.latencies.percentileMillis(0.5), puts.latencies.percentileMillis(0.99),
        puts.ok, puts.conflicts, puts.other,
        probe == null ? "-" : millis(probe.samples().percentileMillis(0.5)),
        probe == null ? "-" : millis(probe.samples().percentileMillis(0.99)),
        probe == null ? "-" : Integer.toString(probe.samples().size()),
        pendingAfter2s, drained());
  }

  String cpuRow() {
    return cpu.row(name, puts.completedInWindow);
  }

  /** What else happened: failures by kind, unsent paced PUTs, probe timeouts; empty if nothing. */
  String remarks() {
    StringBuilder remarks = new StringBuilder();
    if (!puts.otherKinds.isEmpty()) {
      remarks.append(" other answers ").append(puts.otherKinds).append(';');
    }
    if (puts.unsent > 0) {
      remarks.append(" paced PUTs given up unsent: ").append(puts.unsent).append(';');
    }
    if (probe != null && (probe.timeouts() > 0 || probe.refused() > 0)) {
      remarks.append(" probe: ").append(probe.timeouts()).append(" replica timeouts, ")
          .append(probe.refused()).append(" PUTs not 200;");
    }
    return remarks.isEmpty() ? "" : name + " (" + connections + " connections):" + remarks;
  }

  private String drained() {
    if (drainTimeout == null) {
      return "-";
    }
    return drainedIn == null ? "> " + drainTimeout.toSeconds() + " s"
        : String.format(Locale.ROOT, "%.1f s", drainedIn.toMillis() / 1000.0);
  }

  private static String millis(double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.1f", value);
  }
}
