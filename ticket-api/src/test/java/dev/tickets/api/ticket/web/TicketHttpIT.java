package dev.tickets.api.ticket.web;

import static dev.tickets.testkit.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tickets.api.TicketApiIntegrationTest;
import dev.tickets.api.security.JwtProperties;
import dev.tickets.api.ticket.Ticket;
import dev.tickets.api.ticket.TicketPage;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The HTTP contract over real HTTP, MongoDB included: successful exchanges and conditional
 * requests.
 */
@TicketApiIntegrationTest
class TicketHttpIT {

  @Autowired WebTestClient http;

  @Autowired JwtProperties jwt;

  private TicketsOverHttp api;

  @BeforeEach
  void client() {
    api = new TicketsOverHttp(http, jwt.secret());
  }

  @Test
  void returns201WithLocationETagAndTicketOnCreate() {
    EntityExchangeResult<Ticket> created =
        http.post()
            .uri("/api/tickets")
            .header(HttpHeaders.AUTHORIZATION, api.bearer("alice"))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"title\": \"Concert\", \"price\": 25.50}")
            .exchange()
            .expectStatus()
            .isCreated()
            .expectHeader()
            .valueEquals(HttpHeaders.ETAG, "\"0\"")
            .expectBody(Ticket.class)
            .returnResult();

    Ticket ticket = created.getResponseBody();
    assertThat(ticket.id()).matches("[0-9a-f]{24}");
    assertThat(ticket)
        .extracting(Ticket::title, Ticket::userId, Ticket::version)
        .containsExactly("Concert", "alice", 0L);
    assertThat(ticket.price()).isEqualByComparingTo("25.50");
    assertThat(created.getResponseHeaders().getLocation())
        .hasToString("/api/tickets/" + ticket.id());
  }

  /** Issue 23: a price sent as {@code 2e1} came back as {@code 2E+1}; the replica showed 20. */
  @Test
  void writesPricesBackAsPlainDecimalsNeverInExponentForm() {
    String created =
        http.post()
            .uri("/api/tickets")
            .header(HttpHeaders.AUTHORIZATION, api.bearer("alice"))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"title\": \"Concert\", \"price\": 2e1}")
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();

    assertThat(created).contains("\"price\":20").doesNotContainIgnoringCase("e+");
  }

  @Test
  void returns200WithETagForAnyoneWithoutToken() {
    Ticket ticket = api.create("alice", "Play", "12");

    http.get()
        .uri("/api/tickets/{id}", ticket.id())
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(HttpHeaders.ETAG, "\"0\"")
        .expectBody()
        .jsonPath("$.id")
        .isEqualTo(ticket.id())
        .jsonPath("$.title")
        .isEqualTo("Play")
        .jsonPath("$.price")
        .isEqualTo(12)
        .jsonPath("$.userId")
        .isEqualTo("alice")
        .jsonPath("$.version")
        .isEqualTo(0);
  }

  @Test
  void returns304WhenIfNoneMatchHoldsTheCurrentTag() {
    Ticket ticket = api.create("alice", "Play", "12");

    for (String ifNoneMatch : List.of("\"0\"", "W/\"0\"", "*", "\"7\", \"0\"")) {
      http.get()
          .uri("/api/tickets/{id}", ticket.id())
          .header(HttpHeaders.IF_NONE_MATCH, ifNoneMatch)
          .exchange()
          .expectStatus()
          .isNotModified()
          .expectHeader()
          .valueEquals(HttpHeaders.ETAG, "\"0\"")
          .expectBody()
          .isEmpty();
    }
  }

  @Test
  void returns200WhenIfNoneMatchHoldsAnOldTag() {
    Ticket ticket = api.create("alice", "Play", "12");
    api.update("alice", ticket.id(), "\"0\"", "Play", "13").expectStatus().isOk();

    http.get()
        .uri("/api/tickets/{id}", ticket.id())
        .header(HttpHeaders.IF_NONE_MATCH, "\"0\"")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(HttpHeaders.ETAG, "\"1\"")
        .expectBody()
        .jsonPath("$.price")
        .isEqualTo(13);
  }

  @Test
  void returns200WithNewETagOnUpdate() {
    Ticket ticket = api.create("alice", "Opera", "50");

    api.update("alice", ticket.id(), "\"0\"", "Opera (balcony)", "55.5")
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(HttpHeaders.ETAG, "\"1\"")
        .expectBody()
        .jsonPath("$.title")
        .isEqualTo("Opera (balcony)")
        .jsonPath("$.price")
        .isEqualTo(55.5)
        .jsonPath("$.userId")
        .isEqualTo("alice")
        .jsonPath("$.version")
        .isEqualTo(1);
    api.update("alice", ticket.id(), "\"1\"", "Opera", "60")
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(HttpHeaders.ETAG, "\"2\"");
  }

  @Test
  void returns412WithCurrentVersionWhenIfMatchIsStale() {
    Ticket ticket = api.create("alice", "Opera", "50");
    api.update("alice", ticket.id(), "\"0\"", "Opera", "51").expectStatus().isOk();

    assertProblem(api.update("alice", ticket.id(), "\"0\"", "Opera", "52"), 412)
        .jsonPath("$.currentVersion")
        .isEqualTo(1);
    http.get()
        .uri("/api/tickets/{id}", ticket.id())
        .exchange()
        .expectBody()
        .jsonPath("$.price")
        .isEqualTo(51);
  }

  @Test
  void pagesThroughAllTicketsInIdOrderFollowingTheCursor() {
    List<String> created =
        IntStream.range(0, 5).mapToObj(i -> api.create("bob", "Seat " + i, "1").id()).toList();

    List<String> seen = new ArrayList<>();
    String uri = "/api/tickets?limit=2";
    while (uri != null) {
      EntityExchangeResult<TicketPage> page =
          http.get()
              .uri(uri)
              .exchange()
              .expectStatus()
              .isOk()
              .expectBody(TicketPage.class)
              .returnResult();
      TicketPage body = page.getResponseBody();
      assertThat(body.items()).hasSizeLessThanOrEqualTo(2);
      body.items().forEach(ticket -> seen.add(ticket.id()));
      uri = nextLink(page, body);
    }

    assertThat(seen).doesNotHaveDuplicates().isSorted().containsAll(created);
  }

  @Test
  void returnsTwentyTicketsByDefault() {
    IntStream.range(0, 21).forEach(i -> api.create("carol", "Row " + i, "2"));

    http.get()
        .uri("/api/tickets")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .exists(HttpHeaders.LINK)
        .expectBody()
        .jsonPath("$.items.length()")
        .isEqualTo(20)
        .jsonPath("$.nextCursor")
        .isNotEmpty();
  }

  private static String nextLink(EntityExchangeResult<TicketPage> page, TicketPage body) {
    String link = page.getResponseHeaders().getFirst(HttpHeaders.LINK);
    if (body.nextCursor() == null) {
      assertThat(link).isNull();
      return null;
    }
    assertThat(link)
        .isEqualTo("</api/tickets?limit=2&cursor=" + body.nextCursor() + ">; rel=\"next\"");
    return link.substring(1, link.indexOf('>'));
  }
}
