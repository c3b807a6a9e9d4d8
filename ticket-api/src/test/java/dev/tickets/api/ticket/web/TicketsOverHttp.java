package dev.tickets.api.ticket.web;

import dev.tickets.api.ticket.Ticket;
import dev.tickets.testkit.BearerTokens;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Small steps of the HTTP API for tests, as a given user. */
record TicketsOverHttp(WebTestClient http, String jwtSecret) {

  String bearer(String user) {
    return "Bearer " + BearerTokens.hs256(jwtSecret, user);
  }

  Ticket create(String owner, String title, String price) {
    return http.post()
        .uri("/api/tickets")
        .header(HttpHeaders.AUTHORIZATION, bearer(owner))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body(title, price))
        .exchange()
        .expectStatus()
        .isCreated()
        .expectBody(Ticket.class)
        .returnResult()
        .getResponseBody();
  }

  WebTestClient.ResponseSpec update(
      String caller, String id, String ifMatch, String title, String price) {
    return http.put()
        .uri("/api/tickets/{id}", id)
        .header(HttpHeaders.AUTHORIZATION, bearer(caller))
        .header(HttpHeaders.IF_MATCH, ifMatch)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body(title, price))
        .exchange();
  }

  /** A POST with an {@code Idempotency-Key}. */
  WebTestClient.ResponseSpec keyedCreate(String caller, String key, String title, String price) {
    return http.post()
        .uri("/api/tickets")
        .header(HttpHeaders.AUTHORIZATION, bearer(caller))
        .header(IdempotencyHeaders.KEY, key)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body(title, price))
        .exchange();
  }

  /** A PUT with an {@code Idempotency-Key}. */
  WebTestClient.ResponseSpec keyedUpdate(
      String caller, String id, String key, String ifMatch, String title, String price) {
    return http.put()
        .uri("/api/tickets/{id}", id)
        .header(HttpHeaders.AUTHORIZATION, bearer(caller))
        .header(IdempotencyHeaders.KEY, key)
        .header(HttpHeaders.IF_MATCH, ifMatch)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body(title, price))
        .exchange();
  }

  static String body(String title, String price) {
    return "{\"title\": \"" + title + "\", \"price\": " + price + "}";
  }
}
