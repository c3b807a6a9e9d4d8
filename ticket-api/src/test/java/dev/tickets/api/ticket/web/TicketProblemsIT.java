package dev.tickets.api.ticket.web;

import static dev.tickets.testkit.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tickets.api.TicketApiIntegrationTest;
import dev.tickets.api.security.JwtProperties;
import dev.tickets.api.ticket.Ticket;
import dev.tickets.testkit.BearerTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Every refusal over real HTTP is a 4xx {@code application/problem+json}, never a 5xx. */
@TicketApiIntegrationTest
class TicketProblemsIT {

  private static final String UNKNOWN_ID = "0123456789abcdef01234567";
  private static final String ANOTHER_SECRET =
      "another-secret-that-the-service-does-not-know-at-all";

  @Autowired WebTestClient http;

  @Autowired JwtProperties jwt;

  private TicketsOverHttp api;
  private Ticket ticket;

  @BeforeEach
  void aliceOwnsATicket() {
    api = new TicketsOverHttp(http, jwt.secret());
    ticket = api.create("alice", "Concert", "20");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"title\": \"Concert\", \"price\": 20",
        "{\"title\": \"Concert\" \"price\": 20}",
        "not json",
        "{\"title\": \"Concert\", \"price\": 20} {}",
        "[]",
        "\"Concert\"",
        "{\"title\": \"Concert\", \"price\": 20, \"userId\": \"mallory\"}",
        "{\"title\": \"Concert\", \"price\": 20, \"$set\": {\"userId\": \"mallory\"}}",
        "{\"title\": 5, \"price\": 20}",
        "{\"title\": true, \"price\": 20}",
        "{\"title\": \"Concert\", \"price\": \"abc\"}",
        "{\"title\": \"Concert\", \"price\": \"20\"}",
        "{\"title\": \"Concert\", \"price\": true}",
        "{\"title\": {\"$gt\": \"\"}, \"price\": 20}",
        "{\"title\": \"Concert\", \"price\": {\"$gt\": 0}}",
        "{\"title\": [\"Concert\"], \"price\": 20}",
        "{\"title\": \"Concert\", \"title\": \"Other\", \"price\": 20}",
        "{\"title\": \"\", \"price\": 20}",
        "{\"title\": \"   \", \"price\": 20}",
        "{\"price\": 20}",
        "{\"title\": \"Concert\"}",
        "{\"title\": null, \"price\": null}",
        "{\"title\": \"Concert\", \"price\": -0.01}",
        "{\"title\": \"Concert\", \"price\": 1.005}",
        "{\"title\": \"Concert\", \"price\": 1000000000.01}",
        "{\"title\": \"Concert\", \"price\": 1e400}",
        "{}"
      })
  void returns400ForBadBodiesOnCreateAndUpdate(String body) {
    assertProblem(post(body, MediaType.APPLICATION_JSON), 400);
    assertProblem(put(ticket.id(), "\"0\"", body), 400);
  }

  @Test
  void returns400ForTooLongTitle() {
    assertProblem(post(TicketsOverHttp.body("x".repeat(201), "1"), MediaType.APPLICATION_JSON), 400)
        .jsonPath("$.detail")
        .isEqualTo("title must be at most 200 characters");
  }

  @Test
  void namesTheUnknownFieldAndTheMistypedField() {
    assertProblem(
            post("{\"title\": \"A\", \"price\": 1, \"owner\": \"x\"}", MediaType.APPLICATION_JSON),
            400)
        .jsonPath("$.detail")
        .value(detail -> assertThat(detail.toString()).contains("'owner'"));
    assertProblem(post("{\"title\": 5, \"price\": 1}", MediaType.APPLICATION_JSON), 400)
        .jsonPath("$.detail")
        .value(
            detail ->
                assertThat(detail.toString()).contains("'title'").doesNotContain("tools.jackson"));
  }

  @Test
  void returns400ForMissingBody() {
    assertProblem(
        http.post()
            .uri("/api/tickets")
            .header(HttpHeaders.AUTHORIZATION, api.bearer("alice"))
            .contentType(MediaType.APPLICATION_JSON)
            .exchange(),
        400);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not-an-id",
        "0123456789ABCDEF01234567",
        "0123456789abcdef0123456",
        "0123456789abcdef012345678"
      })
  void returns400ForMalformedIds(String id) {
    assertProblem(http.get().uri("/api/tickets/{id}", id).exchange(), 400)
        .jsonPath("$.detail")
        .value(detail -> assertThat(detail.toString()).contains("24 lower-case hex digits"));
    assertProblem(put(id, "\"0\"", TicketsOverHttp.body("A", "1")), 400);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "limit=0",
        "limit=101",
        "limit=abc",
        "limit=",
        "cursor=nope",
        "cursor=%7B%22$gt%22:%22%22%7D",
        "limit=-5"
      })
  void returns400ForBadPageParameters(String query) {
    assertProblem(http.get().uri("/api/tickets?" + query).exchange(), 400);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "\"0", "\"0\" 1", "w/\"0\""})
  void returns400WhenIfMatchIsNotAListOfEntityTags(String ifMatch) {
    assertProblem(put(ticket.id(), ifMatch, TicketsOverHttp.body("A", "1")), 400)
        .jsonPath("$.type")
        .isEqualTo("urn:problem-type:tickets:invalid-if-match");
  }

  @Test
  void returns401WithBearerChallengeWithoutToken() {
    assertProblem(
        http.post()
            .uri("/api/tickets")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(TicketsOverHttp.body("A", "1"))
            .exchange()
            .expectHeader()
            .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer"),
        401);
    assertProblem(
        http.put()
            .uri("/api/tickets/{id}", ticket.id())
            .header(HttpHeaders.IF_MATCH, "\"0\"")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(TicketsOverHttp.body("A", "1"))
            .exchange(),
        401);
  }

  @Test
  void returns401ForForgedExpiredOrSubjectlessTokens() {
    // Signed with a key the service does not know, expired an hour ago, without a subject.
    for (String token :
        new String[] {
          BearerTokens.hs256(ANOTHER_SECRET, "alice"),
          BearerTokens.expired(jwt.secret(), "alice"),
          BearerTokens.hs256(jwt.secret(), null),
          "not-a-jwt"
        }) {
      assertProblem(
          http.post()
              .uri("/api/tickets")
              .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
              .contentType(MediaType.APPLICATION_JSON)
              .bodyValue(TicketsOverHttp.body("A", "1"))
              .exchange()
              .expectHeader()
              .value(
                  HttpHeaders.WWW_AUTHENTICATE,
                  challenge -> assertThat(challenge).startsWith("Bearer error=\"invalid_token\"")),
          401);
    }
  }

  @Test
  void returns403WhenCallerIsNotTheOwner() {
    assertProblem(api.update("mallory", ticket.id(), "\"0\"", "Mine", "1"), 403);
    http.get()
        .uri("/api/tickets/{id}", ticket.id())
        .exchange()
        .expectBody()
        .jsonPath("$.title")
        .isEqualTo("Concert")
        .jsonPath("$.version")
        .isEqualTo(0);
  }

  @Test
  void returns403NotA412WhenANonOwnerSendsAStaleVersion() {
    assertProblem(api.update("mallory", ticket.id(), "\"7\"", "Mine", "1"), 403);
  }

  @Test
  void returns404ForUnknownTicket() {
    assertProblem(http.get().uri("/api/tickets/{id}", UNKNOWN_ID).exchange(), 404);
    assertProblem(api.update("alice", UNKNOWN_ID, "\"0\"", "A", "1"), 404);
  }

  @Test
  void returns404ForUnknownPaths() {
    assertProblem(http.get().uri("/api/tickets/{id}/seats", ticket.id()).exchange(), 404);
    assertProblem(
        http.get()
            .uri("/nowhere")
            .header(HttpHeaders.AUTHORIZATION, api.bearer("alice"))
            .exchange(),
        404);
  }

  @Test
  void returns405ForUnsupportedMethods() {
    assertProblem(
        http.delete()
            .uri("/api/tickets/{id}", ticket.id())
            .header(HttpHeaders.AUTHORIZATION, api.bearer("alice"))
            .exchange()
            .expectHeader()
            .exists(HttpHeaders.ALLOW),
        405);
    assertProblem(
        http.patch()
            .uri("/api/tickets")
            .header(HttpHeaders.AUTHORIZATION, api.bearer("alice"))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{}")
            .exchange(),
        405);
  }

  @Test
  void returns406WhenOnlyUnsupportedRepresentationsAreAcceptable() {
    assertProblem(
        http.get()
            .uri("/api/tickets/{id}", ticket.id())
            .accept(MediaType.APPLICATION_XML)
            .exchange(),
        406);
  }

  @Test
  void returns412WithCurrentVersionWhenIfMatchIsStale() {
    api.update("alice", ticket.id(), "\"0\"", "Concert", "21").expectStatus().isOk();
    assertProblem(
            api.update("alice", ticket.id(), "\"0\"", "Concert", "22")
                .expectHeader()
                .valueEquals(HttpHeaders.ETAG, "\"1\""),
            412)
        .jsonPath("$.currentVersion")
        .isEqualTo(1);
  }

  @Test
  void returns413ForBodiesAboveTheCodecLimit() {
    String huge = TicketsOverHttp.body("x".repeat(20 * 1024), "1");
    assertProblem(post(huge, MediaType.APPLICATION_JSON), 413);
    assertProblem(put(ticket.id(), "\"0\"", huge), 413);
  }

  @Test
  void returns415ForUnsupportedMediaTypes() {
    assertProblem(post(TicketsOverHttp.body("A", "1"), MediaType.TEXT_PLAIN), 415);
    assertProblem(post("<ticket/>", MediaType.APPLICATION_XML), 415);
    assertProblem(
        http.put()
            .uri("/api/tickets/{id}", ticket.id())
            .header(HttpHeaders.AUTHORIZATION, api.bearer("alice"))
            .header(HttpHeaders.IF_MATCH, "\"0\"")
            .contentType(MediaType.TEXT_PLAIN)
            .bodyValue("title=A")
            .exchange(),
        415);
  }

  @Test
  void returns428WhenIfMatchIsMissingOrNamesNoVersion() {
    assertProblem(
            http.put()
                .uri("/api/tickets/{id}", ticket.id())
                .header(HttpHeaders.AUTHORIZATION, api.bearer("alice"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(TicketsOverHttp.body("A", "1"))
                .exchange(),
            428)
        .jsonPath("$.detail")
        .value(detail -> assertThat(detail.toString()).contains("If-Match is required"));
    assertProblem(api.update("alice", ticket.id(), "*", "A", "1"), 428);
  }

  private WebTestClient.ResponseSpec post(String body, MediaType contentType) {
    return http.post()
        .uri("/api/tickets")
        .header(HttpHeaders.AUTHORIZATION, api.bearer("alice"))
        .contentType(contentType)
        .bodyValue(body)
        .exchange();
  }

  private WebTestClient.ResponseSpec put(String id, String ifMatch, String body) {
    return http.put()
        .uri("/api/tickets/{id}", id)
        .header(HttpHeaders.AUTHORIZATION, api.bearer("alice"))
        .header(HttpHeaders.IF_MATCH, ifMatch)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }
}
