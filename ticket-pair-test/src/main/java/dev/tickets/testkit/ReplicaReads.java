package dev.tickets.testkit;

import dev.tickets.projector.projection.TicketReplica;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * order-projector's read API through a {@link WebTestClient}, reading your writes: {@link
 * #awaitVersion} asks for a ticket's replica with {@code ?minVersion=N} and {@code Prefer: wait=S},
 * so one request returns as soon as the replica holds the version ticket-api answered (its {@code
 * ETag}), with no polling.
 */
public final class ReplicaReads {

  private final WebTestClient projector;
  private final Duration wait;

  /**
   * Reads from {@code projector}, each waiting at most {@code wait} (whole seconds, at least 1).
   */
  public ReplicaReads(WebTestClient projector, Duration wait) {
    if (wait.toSeconds() < 1) {
      throw new IllegalArgumentException("wait must be 1 s or more, was " + wait);
    }
    this.projector = projector.mutate().responseTimeout(wait.plusSeconds(5)).build();
    this.wait = wait;
  }

  /**
   * The replica of {@code ticketId} once it holds {@code version} or a later one; fails with the
   * problem's detail when it did not within the wait (504) or the read was refused.
   */
  public TicketReplica awaitVersion(String ticketId, long version) {
    return projector
        .get()
        .uri(uri -> uri.path("/api/tickets/{id}").queryParam("minVersion", version).build(ticketId))
        .header("Prefer", "wait=" + wait.toSeconds())
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .exists(HttpHeaders.ETAG)
        .expectBody(TicketReplica.class)
        .returnResult()
        .getResponseBody();
  }

  /**
   * One read of the replica of {@code ticketId} as given, to check its answer: {@code ?minVersion}
   * and {@code Prefer} are sent as they are (a test may send bad ones), and left out when null.
   */
  public WebTestClient.ResponseSpec read(String ticketId, String minVersion, String prefer) {
    return projector
        .get()
        .uri(
            uri ->
                minVersion == null
                    ? uri.path("/api/tickets/{id}").build(ticketId)
                    : uri.path("/api/tickets/{id}")
                        .queryParam("minVersion", minVersion)
                        .build(ticketId))
        .headers(
            headers -> {
              if (prefer != null) {
                headers.add("Prefer", prefer);
              }
            })
        .exchange();
  }
}
