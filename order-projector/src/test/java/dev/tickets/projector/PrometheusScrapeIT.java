package dev.tickets.projector;

import static dev.tickets.testkit.TicketEvents.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tickets.infra.Directories;
import dev.tickets.projector.RunningProjector.Topic;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real scrape of {@code /actuator/prometheus} after records were applied, recognised as
 * duplicates and parked, written to {@code target/prometheus-scrape.txt}: {@code .ci/check-ops}
 * checks that every metric the Grafana dashboard queries is one the service really exports.
 */
class PrometheusScrapeIT {

  static final Duration WAIT = Duration.ofSeconds(60);

  @RegisterExtension final Topic topic = new Topic("scrape");
  RunningProjector projector;

  @Test
  void scrapeCarriesTheProjectorSeriesTheDashboardAndAlertsUse() throws Exception {
    topic.create(1);
    projector = topic.start(Map.of("order-projector.gap-timeout", "1s"));
    topic.send(0, version("t-1", 0));
    topic.send(0, version("t-1", 1));
    topic.send(0, version("t-2", 0));
    topic.send(0, version("t-1", 1)); // a duplicate
    topic.send(0, version("t-3", 1)); // version 0 never comes: parked after gap-timeout

    await()
        .atMost(WAIT)
        .until(
            () ->
                projector.records("applied") == 3
                    && projector.records("duplicate") == 1
                    && projector.records("parked") == 1);
    // The consumer's fetch metrics (lag) appear once it has fetched.
    await()
        .atMost(WAIT)
        .until(() -> scrape().contains("kafka_consumer_fetch_manager_records_lag_max"));
    String scrape = scrape();

    Directories.writeToTarget("prometheus-scrape.txt", scrape);

    assertThat(scrape)
        .containsPattern("projector_records_total\\{[^}]*outcome=\"applied\"[^}]*\\} 3\\.0")
        .containsPattern("projector_records_total\\{[^}]*outcome=\"duplicate\"[^}]*\\} 1\\.0")
        .containsPattern(
            "projector_records_total\\{[^}]*outcome=\"parked\"[^}]*reason=\"gap-timeout\"[^}]*\\} 1\\.0")
        .contains("projector_gap_retries_total")
        .contains("projector_processing_seconds_count")
        .contains("projector_write_batch_size_count")
        .contains("projector_event_lag_seconds_bucket{")
        .contains("projector_event_lag_seconds_count")
        .contains("projector_held_oldest_age_seconds")
        .contains("projector_consumer_up")
        .contains("kafka_consumer_fetch_manager_records_lag_max");
  }

  private String scrape() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://localhost:" + projector.port() + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
