package dev.tickets.testkit;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * ticket-api's conditional-request contract through a {@link WebTestClient}: create a ticket,
 * update it with {@code If-Match: "<version>"}, and expect either the next version (200 with its
 * {@code ETag}) or a stale answer (412 {@code application/problem+json} with {@code
 * currentVersion}).
 */
public final class ConditionalRequests {

  private final WebTestClient client;
  private final String bearerToken;

  /**
   * Requests as the caller whose bearer token is {@code bearerToken} (the owner of what it
   * creates).
   */
  public ConditionalRequests(WebTestClient client, String bearerToken) {
    this.client = client;
    this.bearerToken = bearerToken;
  }

  /** POST /api/tickets; expects 201 with {@code ETag: "0"} and returns the new ticket's id. */
  public String create(String title, BigDecimal price) {
    Map<?, ?> created =
        client
            .post()
            .uri("/api/tickets")
            .headers(headers -> headers.setBearerAuth(bearerToken))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(body(title, price))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectHeader()
            .valueEquals(HttpHeaders.ETAG, "\"0\"")
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody();
    if (created == null || created.get("id") == null) {
      throw new AssertionError("201 without a ticket id in its body: " + created);
    }
    return created.get("id").toString();
  }

  /** PUT /api/tickets/{id} with {@code If-Match: "<expectedVersion>"}; say what to expect next. */
  public Update update(String ticketId, long expectedVersion, String title, BigDecimal price) {
    return new Update(
        client
            .put()
            .uri("/api/tickets/{id}", ticketId)
            .headers(headers -> headers.setBearerAuth(bearerToken))
            .header(HttpHeaders.IF_MATCH, "\"" + expectedVersion + "\"")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(body(title, price))
            .exchange());
  }

  /** The JSON body; null fields stay null, so a test can send what the service must refuse. */
  private static Map<String, Object> body(String title, BigDecimal price) {
    Map<String, Object> body = new HashMap<>();
    body.put("title", title);
    body.put("price", price);
    return body;
  }

  /** The answer to a conditional update. */
  public static final class Update {

    private final WebTestClient.ResponseSpec response;

    Update(WebTestClient.ResponseSpec response) {
      this.response = response;
    }

    /** Expects 200 with {@code ETag: "<version>"} and that version in the body. */
    public void expectVersion(long version) {
      response
          .expectStatus()
          .isOk()
          .expectHeader()
          .valueEquals(HttpHeaders.ETAG, "\"" + version + "\"")
          .expectBody()
          .jsonPath("$.version")
          .isEqualTo(version);
    }

    /** Expects 412 problem+json naming the ticket's {@code currentVersion}. */
    public void expectStale(long currentVersion) {
      response
          .expectStatus()
          .isEqualTo(HttpStatus.PRECONDITION_FAILED)
          .expectHeader()
          .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
          .expectBody()
          .jsonPath("$.currentVersion")
          .isEqualTo(currentVersion);
    }

    /** The raw answer, for other expectations. */
    public WebTestClient.ResponseSpec response() {
      return response;
    }
  }
}
