package dev.tickets.api.ticket.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tickets.api.TicketApiIntegrationTest;
import dev.tickets.api.security.JwtProperties;
import dev.tickets.api.ticket.Ticket;
import java.time.Duration;
import java.util.Collections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.test.StepVerifier;

/** Of many clients that read the same version and write, exactly one wins; the others are told. */
@TicketApiIntegrationTest
class ConcurrentPutsIT {

  private static final int CLIENTS = 64;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @LocalServerPort int port;

  @Autowired WebTestClient http;

  @Autowired JwtProperties jwt;

  private final ConnectionProvider connections =
      ConnectionProvider.builder("concurrent-puts")
          .maxConnections(CLIENTS)
          .pendingAcquireMaxCount(-1)
          .build();

  @AfterEach
  void closeConnections() {
    connections.dispose();
  }

  @Test
  void exactlyOneOf64ConcurrentPutsWithTheSameIfMatchSucceeds() {
    TicketsOverHttp api = new TicketsOverHttp(http, jwt.secret());
    Ticket ticket = api.create("alice", "Final", "100");
    String bearer = api.bearer("alice");
    WebClient client =
        WebClient.builder()
            .clientConnector(new ReactorClientHttpConnector(HttpClient.create(connections)))
            .baseUrl("http://localhost:" + port)
            .build();

    Flux.range(0, CLIENTS)
        .flatMap(
            writer ->
                client
                    .put()
                    .uri("/api/tickets/{id}", ticket.id())
                    .header(HttpHeaders.AUTHORIZATION, bearer)
                    .header(HttpHeaders.IF_MATCH, "\"0\"")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(TicketsOverHttp.body("Final " + writer, "101"))
                    .exchangeToMono(
                        response ->
                            response.releaseBody().thenReturn(response.statusCode().value())),
            CLIENTS)
        .collectList()
        .as(StepVerifier::create)
        .assertNext(
            statuses -> {
              assertThat(statuses).hasSize(CLIENTS);
              assertThat(Collections.frequency(statuses, 200)).isEqualTo(1);
              assertThat(Collections.frequency(statuses, 412)).isEqualTo(CLIENTS - 1);
            })
        .expectComplete()
        .verify(TIMEOUT);

    http.get()
        .uri("/api/tickets/{id}", ticket.id())
        .exchange()
        .expectHeader()
        .valueEquals(HttpHeaders.ETAG, "\"1\"")
        .expectBody()
        .jsonPath("$.version")
        .isEqualTo(1);
  }
}
