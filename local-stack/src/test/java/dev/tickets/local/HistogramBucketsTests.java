package dev.tickets.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class HistogramBucketsTests {

  private static final double INF = Double.POSITIVE_INFINITY;

  @Test
  void subtractsAnEarlierScrapeBoundByBound() {
    HistogramBuckets earlier = buckets(Map.of(0.1, 5.0, 1.0, 8.0, INF, 9.0));
    HistogramBuckets later = buckets(Map.of(0.1, 15.0, 1.0, 28.0, INF, 30.0));

    HistogramBuckets since = later.minus(earlier);

    assertThat(since.cumulative())
        .containsExactlyEntriesOf(new TreeMap<>(Map.of(0.1, 10.0, 1.0, 20.0, INF, 21.0)));
    assertThat(since.count()).isEqualTo(21.0);
  }

  @Test
  void interpolatesWithinTheBucketAsHistogramQuantileDoes() {
    // 10 observations up to 0.1, 10 more up to 1.0
    HistogramBuckets buckets = buckets(Map.of(0.1, 10.0, 1.0, 20.0, INF, 20.0));

    assertThat(buckets.quantile(0.25)).isCloseTo(0.05, within(1e-9));
    assertThat(buckets.quantile(0.5)).isCloseTo(0.1, within(1e-9));
    assertThat(buckets.quantile(0.75)).isCloseTo(0.55, within(1e-9));
    assertThat(buckets.quantile(0.99)).isCloseTo(0.982, within(1e-9));
  }

  @Test
  void answersTheHighestFiniteBoundWhenTheRankFallsInTheInfiniteBucket() {
    HistogramBuckets buckets = buckets(Map.of(0.1, 1.0, 1.0, 2.0, INF, 10.0));

    assertThat(buckets.quantile(0.99)).isEqualTo(1.0);
  }

  @Test
  void boundsTheLargestObservationByTheLowestBucketHoldingAll() {
    assertThat(buckets(Map.of(0.1, 10.0, 1.0, 20.0, 5.0, 20.0, INF, 20.0)).maxAtMost())
        .isEqualTo(1.0);
    assertThat(buckets(Map.of(0.1, 1.0, 1.0, 2.0, INF, 10.0)).maxAtMost()).isEqualTo(INF);
    assertThat(new HistogramBuckets(new TreeMap<>()).maxAtMost()).isNaN();
  }

  @Test
  void hasNoQuantileWithoutObservations() {
    HistogramBuckets none =
        buckets(Map.of(0.1, 3.0, INF, 3.0)).minus(buckets(Map.of(0.1, 3.0, INF, 3.0)));

    assertThat(none.quantile(0.5)).isNaN();
    assertThat(new HistogramBuckets(new TreeMap<>()).quantile(0.5)).isNaN();
  }

  private static HistogramBuckets buckets(Map<Double, Double> cumulative) {
    return new HistogramBuckets(new TreeMap<>(cumulative));
  }
}
