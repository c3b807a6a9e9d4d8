package dev.tickets.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PrometheusTextTests {

  private static final String EXPOSITION =
      """
      # HELP stage_seconds Time of a stage
      # TYPE stage_seconds histogram
      stage_seconds_bucket{application="projector",outcome="applied",le="0.001"} 1.0
      stage_seconds_bucket{application="projector",outcome="applied",le="0.01"} 3.0
      stage_seconds_bucket{application="projector",outcome="applied",le="+Inf"} 4.0
      stage_seconds_bucket{application="projector",outcome="say \\"le=\\\\\\"0.01\\\\\\"\\", }",le="0.001"} 10.0
      stage_seconds_bucket{application="projector",outcome="say \\"le=\\\\\\"0.01\\\\\\"\\", }",le="0.01"} 20.0
      stage_seconds_bucket{application="projector",outcome="say \\"le=\\\\\\"0.01\\\\\\"\\", }",le="+Inf"} 30.0 1712345678000
      stage_seconds_count{application="projector",outcome="applied"} 4.0
      stage_seconds_sum{application="projector",outcome="applied"} 0.5
      stage_seconds_max{application="projector",outcome="applied"} 0.2
      other_stage_seconds_bucket{le="0.001"} 100.0
      other_stage_seconds_bucket{le="+Inf"} 100.0
      """;

  @Test
  void sumsEachBoundOverLabelSetsIncludingInfinity() {
    HistogramBuckets buckets = PrometheusText.buckets(EXPOSITION, "stage_seconds");

    assertThat(buckets.cumulative())
        .containsExactlyEntriesOf(
            new TreeMap<>(Map.of(0.001, 11.0, 0.01, 23.0, Double.POSITIVE_INFINITY, 34.0)));
    assertThat(buckets.count()).isEqualTo(34.0);
  }

  @Test
  void readsOnlyTheNamedHistogram() {
    HistogramBuckets other = PrometheusText.buckets(EXPOSITION, "other_stage_seconds");

    assertThat(other.cumulative())
        .containsExactlyEntriesOf(
            new TreeMap<>(Map.of(0.001, 100.0, Double.POSITIVE_INFINITY, 100.0)));
    assertThat(PrometheusText.buckets(EXPOSITION, "absent_seconds").count()).isZero();
  }
}
