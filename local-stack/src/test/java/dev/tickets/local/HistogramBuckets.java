package dev.tickets.local;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A Prometheus histogram's cumulative buckets: by upper bound ({@code le}, the last one {@code
 * +Inf}), how many observations were at most that. Two scrapes' difference is the histogram of what
 * was observed in between.
 */
record HistogramBuckets(NavigableMap<Double, Double> cumulative) {

  HistogramBuckets {
    cumulative = new TreeMap<>(cumulative);
  }

  /** What was observed since {@code earlier}, a scrape of the same histogram. */
  HistogramBuckets minus(HistogramBuckets earlier) {
    NavigableMap<Double, Double> since = new TreeMap<>();
    cumulative.forEach(
        (le, count) -> since.put(le, count - earlier.cumulative.getOrDefault(le, 0.0)));
    return new HistogramBuckets(since);
  }

  /** All observations: the {@code +Inf} bucket's count (0 when there is none). */
  double count() {
    return cumulative.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
  }

  /**
   * An upper bound of the largest observation: the lowest bucket bound that holds every one ({@code
   * +Inf} when some lie beyond the highest finite bound); NaN when nothing was observed.
   */
  double maxAtMost() {
    double total = count();
    if (total <= 0) {
      return Double.NaN;
    }
    for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
      if (bucket.getValue() >= total) {
        return bucket.getKey();
      }
    }
    return Double.POSITIVE_INFINITY;
  }

  /**
   * The {@code q}-quantile as Prometheus' {@code histogram_quantile} estimates it: linear
   * interpolation within the bucket the rank falls in, from the previous bucket's bound (or 0); the
   * highest finite bound if it falls in the {@code +Inf} bucket. NaN when nothing was observed.
   */
  double quantile(double q) {
    double total = count();
    if (total <= 0) {
      return Double.NaN;
    }
    double rank = q * total;
    double lowerBound = 0;
    double below = 0;
    for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
      double upperBound = bucket.getKey();
      double count = bucket.getValue();
      if (count >= rank) {
        if (upperBound == Double.POSITIVE_INFINITY) {
          return lowerBound;
        }
        return count == below
            ? upperBound
            : lowerBound + (upperBound - lowerBound) * (rank - below) / (count - below);
      }
      lowerBound = upperBound;
      below = count;
    }
    return lowerBound;
  }
}
