package dev.tickets.api.ticket.web;

import static dev.tickets.testkit.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.ServerAddress;
import com.mongodb.connection.ClusterId;
import com.mongodb.connection.ServerId;
import dev.tickets.api.security.JwtProperties;
import dev.tickets.api.ticket.NotTicketOwner;
import dev.tickets.api.ticket.Ticket;
import dev.tickets.api.ticket.TicketChanges;
import dev.tickets.api.ticket.TicketService;
import dev.tickets.api.ticket.VersionConflict;
import dev.tickets.api.ticket.idempotency.IdempotentRequests;
import java.io.IOException;
import java.math.BigDecimal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.mongodb.UncategorizedMongoDbException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/**
 * The controller, its advice and the security rules, with the ticket service (and the idempotent
 * executions) mocked.
 */
@WebFluxTest(TicketController.class)
@Import({
  StrictJsonConfiguration.class,
  TicketWrites.class,
  dev.tickets.api.security.SecurityTestImports.class
})
@ActiveProfiles("test")
class TicketControllerTests {

  private static final String ID = "65a1b2c3d4e5f60718293a4b";

  @Autowired WebTestClient http;

  @Autowired JwtProperties jwt;

  @MockitoBean TicketService tickets;

  @MockitoBean IdempotentRequests idempotent;

  private TicketsOverHttp api;

  @BeforeEach
  void client() {
    api = new TicketsOverHttp(http, jwt.secret());
  }

  @Test
  void createsTheTicketForTheTokensSubject() {
    given(tickets.create(any(), anyString()))
        .willReturn(Mono.just(new Ticket(ID, "Concert", new BigDecimal("10"), "alice", 0)));

    api.create("alice", "Concert", "10");

    verify(tickets).create(new TicketChanges("Concert", new BigDecimal("10")), "alice");
  }

  @Test
  void neverLetsTheBodyNameTheOwner() {
    assertProblem(
        http.post()
            .uri("/api/tickets")
            .header(HttpHeaders.AUTHORIZATION, api.bearer("mallory"))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"title\": \"A\", \"price\": 1, \"userId\": \"alice\"}")
            .exchange(),
        400);
    verifyNoInteractions(tickets);
  }

  @Test
  void passesTheIfMatchVersionAndCallerToTheUpdate() {
    given(tickets.update(eq(ID), eq(41L), any(), eq("alice"), isNull(), eq(false)))
        .willReturn(Mono.just(new Ticket(ID, "A", BigDecimal.ONE, "alice", 42)));

    api.update("alice", ID, "\"41\"", "A", "1")
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(HttpHeaders.ETAG, "\"42\"");
  }

  @Test
  void returns412WithCurrentVersionAndItsETagOnVersionConflict() {
    given(tickets.update(anyString(), anyLong(), any(), anyString(), any(), anyBoolean()))
        .willReturn(Mono.error(new VersionConflict(ID, 3, 5)));

    assertProblem(
            api.update("alice", ID, "\"3\"", "A", "1")
                .expectHeader()
                .valueEquals(HttpHeaders.ETAG, "\"5\""),
            412)
        .jsonPath("$.currentVersion")
        .isEqualTo(5)
        .jsonPath("$.type")
        .isEqualTo("urn:problem-type:tickets:version-conflict");
  }

  @Test
  void returns403WhenTheServiceRefusesTheCaller() {
    given(tickets.update(anyString(), anyLong(), any(), anyString(), any(), anyBoolean()))
        .willReturn(Mono.error(new NotTicketOwner(ID)));

    assertProblem(api.update("mallory", ID, "\"0\"", "A", "1"), 403);
  }

  @Test
  void returns500WithoutInternalsOnUnexpectedFailure() {
    given(tickets.find(ID))
        .willReturn(
            Mono.error(
                new IllegalStateException("connection to mongodb://admin:hunter2@db failed")));

    assertProblem(http.get().uri("/api/tickets/{id}", ID).exchange(), 500)
        .jsonPath("$.detail")
        .value(
            detail ->
                assertThat(detail.toString())
                    .doesNotContain("hunter2")
                    .doesNotContain("IllegalStateException"));
  }

  @Test
  void returns503WithRetryAfterWhileTheDatabaseIsUnreachable() {
    given(tickets.find(ID))
        .willReturn(
            Mono.error(
                new DataAccessResourceFailureException(
                    "Timed out waiting for mongodb://admin:hunter2@db")));

    assertUnavailable()
        .jsonPath("$.detail")
        .value(detail -> assertThat(detail.toString()).doesNotContain("hunter2"));
  }

  /**
   * Found with ticket-api's link to MongoDB frozen (LinkFaultScenariosIT): once the driver found
   * the server gone, it paused the connection pool and failed the requests waiting for it with an
   * error Spring leaves uncategorized, and they got 500 instead of 503.
   */
  @Test
  void returns503WhenTheDriverClearedItsConnectionPoolAfterATimeout() {
    ServerAddress server = new ServerAddress("127.0.0.1", 27017);
    given(tickets.find(ID))
        .willReturn(
            Mono.error(
                new UncategorizedMongoDbException(
                    "Connection pool is paused because another operation failed",
                    new MongoConnectionPoolClearedException(
                        new ServerId(new ClusterId(), server),
                        new MongoSocketReadTimeoutException(
                            "Timeout while receiving message", server, new IOException())))));

    assertUnavailable();
  }

  /** A read of {@link #ID} is answered 503 problem+json with {@code Retry-After: 5}. */
  private WebTestClient.BodyContentSpec assertUnavailable() {
    return assertProblem(
        http.get()
            .uri("/api/tickets/{id}", ID)
            .exchange()
            .expectHeader()
            .valueEquals(HttpHeaders.RETRY_AFTER, "5"),
        503);
  }

  @Test
  void checksIfMatchBeforeAskingTheService() {
    assertProblem(api.update("alice", ID, "\"1", "A", "1"), 400);
    assertProblem(
        http.put()
            .uri("/api/tickets/{id}", ID)
            .header(HttpHeaders.AUTHORIZATION, api.bearer("alice"))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(TicketsOverHttp.body("A", "1"))
            .exchange(),
        428);
    verifyNoInteractions(tickets);
  }
}
