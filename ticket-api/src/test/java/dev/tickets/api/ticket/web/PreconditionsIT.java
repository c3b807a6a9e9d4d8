package dev.tickets.api.ticket.web;

import static dev.tickets.testkit.ProblemAssertions.assertProblem;

import dev.tickets.api.TicketApiIntegrationTest;
import dev.tickets.api.security.JwtProperties;
import dev.tickets.api.ticket.Ticket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** RFC 9110 preconditions on PUT over real HTTP: lists, weak tags, If-None-Match. */
@TicketApiIntegrationTest
class PreconditionsIT {

  private static final String UNKNOWN_ID = "0123456789abcdef01234567";

  @Autowired WebTestClient http;

  @Autowired JwtProperties jwt;

  private TicketsOverHttp api;
  private Ticket ticket;

  /** Alice's ticket at version 3. */
  @BeforeEach
  void aliceOwnsATicketAtVersionThree() {
    api = new TicketsOverHttp(http, jwt.secret());
    ticket = api.create("alice", "Concert", "20");
    for (int version = 0; version < 3; version++) {
      api.update("alice", ticket.id(), ETags.format(version), "Concert", "2" + version)
          .expectStatus()
          .isOk();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"2\", \"3\"",
        "\"3\", \"2\"",
        "\"9\", \"3\"",
        "W/\"3\", \"3\"",
        "\"abc\", \"3\""
      })
  void aListMatchesWhenAnyStrongTagNamesTheCurrentVersion(String ifMatch) {
    put(ifMatch, null)
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(HttpHeaders.ETAG, "\"4\"")
        .expectBody()
        .jsonPath("$.version")
        .isEqualTo(4);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"W/\"3\"", "W/\"3\", W/\"2\"", "\"1\", \"2\"", "\"abc\"", "\"-1\"", "\"03\""})
  void weakTagsAndListsWithoutTheCurrentVersionAnswer412(String ifMatch) {
    assertProblem(put(ifMatch, null).expectHeader().valueEquals(HttpHeaders.ETAG, "\"3\""), 412)
        .jsonPath("$.currentVersion")
        .isEqualTo(3)
        .jsonPath("$.type")
        .isEqualTo("urn:problem-type:tickets:version-conflict");
    api.update("alice", ticket.id(), "\"3\"", "Concert", "30").expectStatus().isOk();
  }

  @Test
  void ifNoneMatchAnyOnAnExistingTicketAnswers412WithOrWithoutIfMatch() {
    assertProblem(put(null, "*"), 412).jsonPath("$.currentVersion").isEqualTo(3);
    assertProblem(put("\"3\"", "*"), 412).jsonPath("$.currentVersion").isEqualTo(3);
  }

  @Test
  void ifNoneMatchAnyOnAnUnknownTicketAnswers404() {
    assertProblem(
        http.put()
            .uri("/api/tickets/{id}", UNKNOWN_ID)
            .header(HttpHeaders.AUTHORIZATION, api.bearer("alice"))
            .header(HttpHeaders.IF_NONE_MATCH, "*")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(TicketsOverHttp.body("A", "1"))
            .exchange(),
        404);
  }

  @Test
  void ifNoneMatchNamingTheCurrentVersionAnswers412() {
    assertProblem(put("\"3\"", "W/\"3\""), 412).jsonPath("$.currentVersion").isEqualTo(3);
    put("\"2\", \"3\"", "\"2\"").expectStatus().isOk();
  }

  @Test
  void anotherOwnerGets403NotA412() {
    assertProblem(
        http.put()
            .uri("/api/tickets/{id}", ticket.id())
            .header(HttpHeaders.AUTHORIZATION, api.bearer("bob"))
            .header(HttpHeaders.IF_NONE_MATCH, "*")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(TicketsOverHttp.body("A", "1"))
            .exchange(),
        403);
  }

  private WebTestClient.ResponseSpec put(String ifMatch, String ifNoneMatch) {
    return http.put()
        .uri("/api/tickets/{id}", ticket.id())
        .header(HttpHeaders.AUTHORIZATION, api.bearer("alice"))
        .headers(
            headers -> {
              if (ifMatch != null) {
                headers.set(HttpHeaders.IF_MATCH, ifMatch);
              }
              if (ifNoneMatch != null) {
                headers.set(HttpHeaders.IF_NONE_MATCH, ifNoneMatch);
              }
            })
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(TicketsOverHttp.body("Opera", "55"))
        .exchange();
  }
}
