package dev.tickets.local;

import java.util.Arrays;

/** Latency samples in nanoseconds, in a growable array, with nearest-rank percentiles. */
final class Samples {

  private long[] values = new long[1024];
  private int size;
  private boolean sorted = true;

  void add(long nanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = nanos;
    sorted = false;
  }

  void addAll(Samples other) {
    for (int i = 0; i < other.size; i++) {
      add(other.values[i]);
    }
  }

  int size() {
    return size;
  }

  /** The nearest-rank percentile ({@code fraction} 0.5 for p50) in milliseconds; NaN when empty. */
  double percentileMillis(double fraction) {
    if (size == 0) {
      return Double.NaN;
    }
    if (!sorted) {
      Arrays.sort(values, 0, size);
      sorted = true;
    }
    int rank = (int) Math.ceil(fraction * size);
    return values[Math.max(rank, 1) - 1] / 1_000_000.0;
  }
}
