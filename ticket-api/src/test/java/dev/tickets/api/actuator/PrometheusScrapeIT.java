package dev.tickets.api.actuator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tickets.api.TicketApiIntegrationTest;
import dev.tickets.api.security.JwtProperties;
import dev.tickets.api.ticket.Ticket;
import dev.tickets.infra.Directories;
import dev.tickets.testkit.BearerTokens;
import dev.tickets.testkit.LargeBodies;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A real scrape of {@code /actuator/prometheus} after writes, a conflict and a publication, written
 * to {@code target/prometheus-scrape.txt}: {@code .ci/check-ops} checks that every metric the
 * Grafana dashboard queries is one the service really exports.
 */
@TicketApiIntegrationTest
class PrometheusScrapeIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Pattern PUBLISHED =
      Pattern.compile("(?m)^outbox_publish_latency_seconds_count(?:\\{[^}]*\\})? (\\S+)$");

  @Autowired WebTestClient http;

  @Autowired JwtProperties jwt;

  @Test
  void scrapeCarriesTheHttpAndOutboxSeriesTheDashboardAndAlertsUse() throws Exception {
    String alice = "Bearer " + BearerTokens.hs256(jwt.secret(), "alice");
    Ticket first = create(alice, "Concert", "20.00");
    Ticket second = create(alice, "Play", "12.00");
    update(alice, first.id(), "\"0\"", "Concert", "25.00").expectStatus().isOk();
    update(alice, second.id(), "\"0\"", "Play", "13.00").expectStatus().isOk();
    // The same update again is stale: 412, the series the dashboard's conflict panel counts.
    update(alice, first.id(), "\"0\"", "Concert", "30.00").expectStatus().isEqualTo(412);

    // Four events were written; wait until the relay has published them all.
    await().atMost(TIMEOUT).until(() -> published(scrape()) >= 4);
    // Gauges whose object was only weakly held read NaN once it is collected: collect first.
    System.gc();
    String scrape = scrape();

    Directories.writeToTarget("prometheus-scrape.txt", scrape);

    assertThat(scrape)
        .contains("outbox_pending_events ")
        .contains("outbox_pending_oldest_age_seconds ")
        .contains("outbox_publish_failures_total ")
        .contains("outbox_publish_latency_seconds_count ")
        .contains("outbox_publish_latency_seconds_sum ")
        .contains("outbox_publish_latency_seconds_max ")
        .containsPattern("outbox_publish_latency_seconds_bucket\\{[^}]*le=\"0\\.001\"")
        .contains("outbox_relay_events ")
        .containsPattern(
            "http_server_requests_seconds_count\\{[^}]*method=\"PUT\"[^}]*status=\"412\"")
        .containsPattern(
            "http_server_requests_seconds_count\\{[^}]*method=\"POST\"[^}]*status=\"201\"")
        .doesNotContainPattern("(?m)^outbox_\\S* NaN$");
  }

  private Ticket create(String bearer, String title, String price) {
    return http.post()
        .uri("/api/tickets")
        .header(HttpHeaders.AUTHORIZATION, bearer)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body(title, price))
        .exchange()
        .expectStatus()
        .isCreated()
        .expectBody(Ticket.class)
        .returnResult()
        .getResponseBody();
  }

  private WebTestClient.ResponseSpec update(
      String bearer, String id, String ifMatch, String title, String price) {
    return http.put()
        .uri("/api/tickets/{id}", id)
        .header(HttpHeaders.AUTHORIZATION, bearer)
        .header(HttpHeaders.IF_MATCH, ifMatch)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body(title, price))
        .exchange();
  }

  private String scrape() {
    return LargeBodies.text(http, "/actuator/prometheus", 4 * 1024 * 1024);
  }

  /** Events Kafka acknowledged, from the publish-latency timer's count. */
  private static double published(String scrape) {
    Matcher count = PUBLISHED.matcher(scrape);
    return count.find() ? Double.parseDouble(count.group(1)) : 0;
  }

  private static String body(String title, String price) {
    return "{\"title\": \"" + title + "\", \"price\": " + price + "}";
  }
}
