package dev.tickets.local;

import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Reads histograms from Prometheus' text exposition format: the {@code <name>_bucket} lines, e.g.
 * {@code outbox_publish_latency_seconds_bucket{application="ticket-api",le="0.005"} 12.0}. Label
 * values may hold escaped quotes and backslashes; a sample may be followed by a timestamp.
 */
final class PrometheusText {

  private PrometheusText() {}

  /**
   * The buckets of histogram {@code name} (without {@code _bucket}), each {@code le}'s counts
   * summed over all label sets; empty if {@code exposition} has none.
   */
  static HistogramBuckets buckets(String exposition, String name) {
    String prefix = name + "_bucket{";
    NavigableMap<Double, Double> cumulative = new TreeMap<>();
    for (String line : exposition.split("\n")) {
      if (line.startsWith(prefix)) {
        Sample sample = sample(line, prefix.length());
        if (sample.le() != null) {
          cumulative.merge(bound(sample.le()), sample.value(), Double::sum);
        }
      }
    }
    return new HistogramBuckets(cumulative);
  }

  /** A bucket line's {@code le} (null if it has none) and value. */
  private record Sample(String le, double value) {}

  /** Reads the labels from {@code start} (just after the opening brace) and the value after. */
  private static Sample sample(String line, int start) {
    String le = null;
    int at = start;
    while (line.charAt(at) != '}') {
      if (line.charAt(at) == ',' || line.charAt(at) == ' ') {
        at++;
        continue;
      }
      int equals = line.indexOf('=', at);
      String label = line.substring(at, equals).trim();
      StringBuilder value = new StringBuilder();
      at = equals + 2; // past ="
      while (line.charAt(at) != '"') {
        char c = line.charAt(at++);
        if (c == '\\') {
          char escaped = line.charAt(at++);
          value.append(escaped == 'n' ? '\n' : escaped);
        } else {
          value.append(c);
        }
      }
      at++; // past the closing quote
      if (label.equals("le")) {
        le = value.toString();
      }
    }
    String[] rest = line.substring(at + 1).trim().split("\\s+");
    return new Sample(le, Double.parseDouble(rest[0]));
  }

  private static double bound(String le) {
    return switch (le) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      default -> Double.parseDouble(le);
    };
  }
}
