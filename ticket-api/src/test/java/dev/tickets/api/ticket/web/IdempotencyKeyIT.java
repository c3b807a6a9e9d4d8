package dev.tickets.api.ticket.web;

import static dev.tickets.testkit.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tickets.api.TicketApiIntegrationTest;
import dev.tickets.api.ticket.Ticket;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.query.BasicQuery;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** {@code Idempotency-Key} on POST and PUT over real HTTP and a real MongoDB wire server. */
@TicketApiIntegrationTest
class IdempotencyKeyIT extends KeyedRequests {

  @Test
  void aRepeatedPostGetsTheFirstAnswerAndCreatesNothing() {
    EntityExchangeResult<String> first =
        post("alice", key, title, "20")
            .expectStatus()
            .isCreated()
            .expectBody(String.class)
            .returnResult();
    EntityExchangeResult<String> again =
        post("alice", key, title, "20.00")
            .expectStatus()
            .isCreated()
            .expectHeader()
            .valueEquals(IdempotencyHeaders.REPLAYED, "true")
            .expectBody(String.class)
            .returnResult();

    assertThat(first.getResponseHeaders().getFirst(IdempotencyHeaders.REPLAYED)).isNull();
    assertThat(again.getResponseHeaders().getLocation())
        .isEqualTo(first.getResponseHeaders().getLocation());
    assertThat(again.getResponseHeaders().getETag())
        .isEqualTo(first.getResponseHeaders().getETag());
    assertThat(again.getResponseBody()).isEqualTo(first.getResponseBody());
    assertThat(ticketsTitled(title)).isEqualTo(1);
  }

  @Test
  void thirtyTwoConcurrentPostsWithOneKeyCreateOneTicket() {
    Set<String> locations = ConcurrentHashMap.newKeySet();
    Flux.range(0, 32)
        .parallel(32)
        .runOn(Schedulers.boundedElastic())
        .doOnNext(
            i ->
                locations.add(
                    post("alice", key, title, "20")
                        .expectStatus()
                        .isCreated()
                        .expectBody(Ticket.class)
                        .returnResult()
                        .getResponseHeaders()
                        .getLocation()
                        .toString()))
        .sequential()
        .blockLast(Duration.ofSeconds(60));

    assertThat(locations).hasSize(1);
    assertThat(ticketsTitled(title)).isEqualTo(1);
  }

  @Test
  void aRepeatedPutGetsTheFirstAnswerAndMovesTheVersionOnce() {
    Ticket ticket = api.create("alice", title, "20");

    EntityExchangeResult<String> first =
        put("alice", ticket.id(), key, "\"0\"", "Opera", "30")
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult();
    put("alice", ticket.id(), key, "\"0\"", "Opera", "30")
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(HttpHeaders.ETAG, "\"1\"")
        .expectHeader()
        .valueEquals(IdempotencyHeaders.REPLAYED, "true")
        .expectBody(String.class)
        .isEqualTo(first.getResponseBody());

    http.get()
        .uri("/api/tickets/{id}", ticket.id())
        .header(HttpHeaders.AUTHORIZATION, api.bearer("alice"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.version")
        .isEqualTo(1);
  }

  /** ticket-api died after the write and before recording the answer: the key's lease ran out. */
  @Test
  void aRepeatAfterAnAbandonedPutAnswersWhatItWroteWithoutWritingAgain() {
    Ticket ticket = api.create("alice", title, "20");
    String first =
        put("alice", ticket.id(), key, "\"0\"", "Opera", "30")
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    mongo
        .updateFirst(
            new BasicQuery(new Document("caller", "alice").append("key", key)),
            new Update()
                .unset("answer")
                .set("leaseEnd", new Date(System.currentTimeMillis() - 1_000)),
            "idempotency_keys")
        .block();

    put("alice", ticket.id(), key, "\"0\"", "Opera", "30")
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(HttpHeaders.ETAG, "\"1\"")
        .expectHeader()
        .valueEquals(IdempotencyHeaders.REPLAYED, "true")
        .expectBody(String.class)
        .isEqualTo(first);
    http.get()
        .uri("/api/tickets/{id}", ticket.id())
        .header(HttpHeaders.AUTHORIZATION, api.bearer("alice"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.version")
        .isEqualTo(1);
  }

  @Test
  void aRepeatAfterAnAbandonedPostAnswersTheTicketItCreatedAsItWasCreated() {
    EntityExchangeResult<Ticket> first =
        post("alice", key, title, "20")
            .expectStatus()
            .isCreated()
            .expectBody(Ticket.class)
            .returnResult();
    Ticket created = first.getResponseBody();
    api.update("alice", created.id(), "\"0\"", "Changed", "99").expectStatus().isOk();
    mongo
        .updateFirst(
            new BasicQuery(new Document("caller", "alice").append("key", key)),
            new Update()
                .unset("answer")
                .set("leaseEnd", new Date(System.currentTimeMillis() - 1_000)),
            "idempotency_keys")
        .block();

    post("alice", key, title, "20")
        .expectStatus()
        .isCreated()
        .expectHeader()
        .valueEquals(IdempotencyHeaders.REPLAYED, "true")
        .expectHeader()
        .valueEquals(HttpHeaders.ETAG, "\"0\"")
        .expectHeader()
        .location(first.getResponseHeaders().getLocation().toString())
        .expectBody(Ticket.class)
        .isEqualTo(created);
    // The one ticket created with this title has been renamed; a second create would show here.
    assertThat(ticketsTitled(title)).isZero();
  }

  @Test
  void theSameKeyOnAnotherBodyOrPathIs422() {
    Ticket ticket = api.create("alice", title, "20");
    put("alice", ticket.id(), key, "\"0\"", "Opera", "30").expectStatus().isOk();

    assertProblem(put("alice", ticket.id(), key, "\"1\"", "Opera", "31"), 422)
        .jsonPath("$.type")
        .isEqualTo("urn:problem-type:tickets:idempotency-key-reused")
        .jsonPath("$.detail")
        .value(
            detail ->
                assertThat((String) detail)
                    .contains("another body (PUT /api/tickets/" + ticket.id() + ")"));
    assertProblem(post("alice", key, "Opera", "30"), 422)
        .jsonPath("$.type")
        .isEqualTo("urn:problem-type:tickets:idempotency-key-reused")
        .jsonPath("$.detail")
        .value(
            detail ->
                assertThat((String) detail)
                    .contains("another method and path (PUT /api/tickets/" + ticket.id() + ")")
                    .doesNotContain("body"));
  }

  @Test
  void keysAreScopedToTheirCaller() {
    String alices =
        post("alice", key, title, "20")
            .expectStatus()
            .isCreated()
            .expectBody(Ticket.class)
            .returnResult()
            .getResponseHeaders()
            .getLocation()
            .toString();
    String bobs =
        post("bob", key, title, "20")
            .expectStatus()
            .isCreated()
            .expectHeader()
            .doesNotExist(IdempotencyHeaders.REPLAYED)
            .expectBody(Ticket.class)
            .returnResult()
            .getResponseHeaders()
            .getLocation()
            .toString();

    assertThat(bobs).isNotEqualTo(alices);
    assertThat(ticketsTitled(title)).isEqualTo(2);
  }

  @Test
  void anExpiredKeyExecutesAgain() {
    post("alice", key, title, "20").expectStatus().isCreated();
    mongo
        .updateFirst(
            new BasicQuery(new Document("caller", "alice").append("key", key)),
            new Update().set("expiresAt", new Date(System.currentTimeMillis() - 1_000)),
            "idempotency_keys")
        .block();

    post("alice", key, title, "20")
        .expectStatus()
        .isCreated()
        .expectHeader()
        .doesNotExist(IdempotencyHeaders.REPLAYED);
    assertThat(ticketsTitled(title)).isEqualTo(2);
  }

  @Test
  void aRefusedRequestReleasesItsKey() {
    Ticket ticket = api.create("alice", title, "20");
    assertProblem(put("alice", ticket.id(), key, "\"7\"", "Opera", "30"), 412);

    put("alice", ticket.id(), key, "\"0\"", "Opera", "30")
        .expectStatus()
        .isOk()
        .expectHeader()
        .doesNotExist(IdempotencyHeaders.REPLAYED);
  }

  @Test
  void anInvalidKeyIs400() {
    for (String invalid : List.of("k".repeat(256), "with space", "ü")) {
      assertProblem(post("alice", invalid, title, "20"), 400)
          .jsonPath("$.type")
          .isEqualTo("urn:problem-type:tickets:invalid-idempotency-key");
    }
    post("alice", "k".repeat(255), title, "20").expectStatus().isCreated();
  }

  private WebTestClient.ResponseSpec post(String caller, String key, String title, String price) {
    return api.keyedCreate(caller, key, title, price);
  }

  private WebTestClient.ResponseSpec put(
      String caller, String id, String key, String ifMatch, String title, String price) {
    return api.keyedUpdate(caller, id, key, ifMatch, title, price);
  }
}
