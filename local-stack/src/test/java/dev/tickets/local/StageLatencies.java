package dev.tickets.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The latency of each stage of an event's way from ticket-api's write to the replica, from the
 * services' Prometheus histograms ({@code /actuator/prometheus}): a scrape, or the difference of
 * two (what was observed in between). Percentiles are {@link HistogramBuckets#quantile estimated as
 * histogram_quantile does}, by linear interpolation within a bucket, so they are as coarse as the
 * buckets.
 *
 * @param byStage the buckets of each stage, summed over their label sets
 */
record StageLatencies(Map<Stage, HistogramBuckets> byStage) {

  /** The stages, in the order an event passes them, and the last for the whole way. */
  enum Stage {
    PUBLISH("write -> Kafka ack (ticket-api)", true, "outbox_publish_latency_seconds"),
    RECEIVE("Kafka log -> arrival (projector)", false, "projector_receive_lag_seconds"),
    APPLY("arrival -> applied (projector)", false, "projector_apply_latency_seconds"),
    END_TO_END("occurredAt -> applied (end to end)", false, "projector_event_lag_seconds");

    final String label;
    final boolean ticketApi;
    final String histogram;

    Stage(String label, boolean ticketApi, String histogram) {
      this.label = label;
      this.ticketApi = ticketApi;
      this.histogram = histogram;
    }
  }

  static final String NOTE =
      "stage p50/p99: from the services' Prometheus histograms over the window, interpolated "
          + "linearly within the bucket as histogram_quantile does; max<=: the bucket bound that holds "
          + "the largest observation; count: observations in the window";

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  StageLatencies {
    byStage = Map.copyOf(byStage);
  }

  /** Scrapes both services now. */
  static StageLatencies scrape(String ticketApiUrl, String projectorUrl) {
    String ticketApi = exposition(ticketApiUrl);
    String projector = exposition(projectorUrl);
    Map<Stage, HistogramBuckets> byStage = new EnumMap<>(Stage.class);
    for (Stage stage : Stage.values()) {
      byStage.put(
          stage, PrometheusText.buckets(stage.ticketApi ? ticketApi : projector, stage.histogram));
    }
    return new StageLatencies(byStage);
  }

  /** What was observed since {@code earlier}. */
  StageLatencies minus(StageLatencies earlier) {
    Map<Stage, HistogramBuckets> since = new EnumMap<>(Stage.class);
    byStage.forEach(
        (stage, buckets) -> since.put(stage, buckets.minus(earlier.byStage.get(stage))));
    return new StageLatencies(since);
  }

  /** A table: a header naming the phase, then a row per stage. */
  List<String> table(String phase) {
    List<String> table = new ArrayList<>();
    table.add(
        String.format(
            Locale.ROOT, "%-36s %8s %8s %9s %8s", phase, "p50 ms", "p99 ms", "max<= ms", "count"));
    for (Stage stage : Stage.values()) {
      HistogramBuckets buckets = byStage.get(stage);
      table.add(
          String.format(
              Locale.ROOT,
              "  %-34s %8s %8s %9s %8d",
              stage.label,
              millis(buckets.quantile(0.5)),
              millis(buckets.quantile(0.99)),
              millis(buckets.maxAtMost()),
              Math.round(buckets.count())));
    }
    return table;
  }

  private static String millis(double seconds) {
    return Double.isNaN(seconds) ? "-" : String.format(Locale.ROOT, "%.1f", seconds * 1000);
  }

  private static String exposition(String baseUrl) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus"))
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            request.uri() + " answered " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (IOException ex) {
      throw new IllegalStateException("Cannot scrape " + request.uri(), ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted scraping " + request.uri(), ex);
    }
  }
}
