package dev.tickets.consistency;

import dev.tickets.consistency.WriteClient.Attempt.Answer;
import dev.tickets.local.DevTokens;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client of ticket-api over real HTTP that turns every write into an {@link Attempt}: the
 * answer's version on 2xx, {@code currentVersion} on 412, and no answer when the connection failed
 * or timed out. Also reads tickets from either service.
 */
final class WriteClient {

  static final String OWNER = "alice";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * Longer than any request can take in ticket-api (its MongoDB waits add up to 40 s at most, see
   * {@code MongoTimeouts}), so that once the writers stopped no write is still under way to change
   * the source later.
   */
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String token = DevTokens.tokenFor(OWNER, Duration.ofHours(6));
  private final int client;

  WriteClient(int client) {
    this.client = client;
  }

  Attempt create(String ticketApi, String title, BigDecimal price) {
    return attempt(
        null,
        true,
        -1,
        title,
        price,
        HttpRequest.newBuilder(URI.create(ticketApi + "/api/tickets"))
            .POST(HttpRequest.BodyPublishers.ofString(body(title, price))));
  }

  Attempt update(
      String ticketApi, String id, long expectedVersion, String title, BigDecimal price) {
    return attempt(
        id,
        false,
        expectedVersion,
        title,
        price,
        HttpRequest.newBuilder(URI.create(ticketApi + "/api/tickets/" + id))
            .header("If-Match", "\"" + expectedVersion + "\"")
            .PUT(HttpRequest.BodyPublishers.ofString(body(title, price))));
  }

  /** The ticket as {@code baseUrl} (ticket-api or order-projector) serves it; empty on 404. */
  Optional<TicketState> read(String baseUrl, String id) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(baseUrl + "/api/tickets/" + id))
                  .timeout(TIMEOUT)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 404) {
        return Optional.empty();
      }
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "GET "
                + baseUrl
                + "/api/tickets/"
                + id
                + " answered "
                + response.statusCode()
                + ": "
                + response.body());
      }
      JsonNode ticket = JSON.readTree(response.body());
      return Optional.of(
          new TicketState(
              id,
              ticket.get("version").asLong(),
              ticket.get("title").asString(),
              ticket.get("price").decimalValue(),
              ticket.get("userId").asString()));
    } catch (IOException ex) {
      throw new IllegalStateException(
          "GET " + baseUrl + "/api/tickets/" + id + " failed: " + ex, ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", ex);
    }
  }

  /**
   * Sends {@code count} reads of {@code tickets} (round robin) to {@code baseUrl} at once and
   * returns each one's status and how long it took, in the order sent; status 0 for a read not
   * answered within {@code within}.
   */
  List<Answered> readBurst(String baseUrl, List<String> tickets, int count, Duration within) {
    List<CompletableFuture<Answered>> reads = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      HttpRequest read =
          HttpRequest.newBuilder(
                  URI.create(baseUrl + "/api/tickets/" + tickets.get(i % tickets.size())))
              .timeout(within)
              .GET()
              .build();
      long sent = System.nanoTime();
      reads.add(
          http.sendAsync(read, HttpResponse.BodyHandlers.discarding())
              .thenApply(HttpResponse::statusCode)
              .exceptionally(failure -> 0)
              .thenApply(
                  status -> new Answered(status, Duration.ofNanos(System.nanoTime() - sent))));
    }
    return reads.stream().map(CompletableFuture::join).toList();
  }

  /** Diagnostics: the Prometheus lines of {@code baseUrl} whose names start with {@code prefix}. */
  String metrics(String baseUrl, String prefix) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus"))
                  .timeout(TIMEOUT)
                  .build(),
              HttpResponse.BodyHandlers.ofLines())
          .body()
          .filter(line -> line.startsWith(prefix))
          .collect(Collectors.joining("\n"));
    } catch (IOException ex) {
      return ex.toString();
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private Attempt attempt(
      String id,
      boolean create,
      long expected,
      String title,
      BigDecimal price,
      HttpRequest.Builder request) {
    HttpResponse<String> response;
    try {
      response =
          http.send(
              request
                  .timeout(TIMEOUT)
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", "application/json")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException ex) {
      return new Attempt(id, client, create, expected, title, price, Answer.INDETERMINATE, -1, 0);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return new Attempt(id, client, create, expected, title, price, Answer.INDETERMINATE, -1, 0);
    }
    int status = response.statusCode();
    JsonNode body = json(response.body());
    if (status / 100 == 2 && has(body, "version") && (!create || has(body, "id"))) {
      return new Attempt(
          create ? body.get("id").asString() : id,
          client,
          create,
          expected,
          title,
          price,
          Answer.ACKNOWLEDGED,
          body.get("version").asLong(),
          status);
    }
    if (status == 412 && has(body, "currentVersion")) {
      return new Attempt(
          id,
          client,
          create,
          expected,
          title,
          price,
          Answer.STALE,
          body.get("currentVersion").asLong(),
          status);
    }
    // A 2xx or 412 without its version is as unexpected as any other 4xx: the checker reports it.
    return new Attempt(
        id,
        client,
        create,
        expected,
        title,
        price,
        status >= 500 ? Answer.FAILED : Answer.REFUSED,
        -1,
        status);
  }

  private static JsonNode json(String body) {
    try {
      return body == null || body.isEmpty() ? null : JSON.readTree(body);
    } catch (JacksonException ex) {
      return null;
    }
  }

  private static boolean has(JsonNode body, String field) {
    return body != null && body.hasNonNull(field);
  }

  private static String body(String title, BigDecimal price) {
    return "{\"title\":\"" + title + "\",\"price\":" + price.toPlainString() + "}";
  }

  /**
   * One HTTP write a client attempted and what it was told.
   *
   * @param ticketId the ticket (for a create: the id the answer named, or null when there was none)
   * @param client which client sent it
   * @param create a POST (version 0) rather than a conditional PUT
   * @param expectedVersion the PUT's {@code If-Match} version (-1 for a create)
   * @param title the title sent, unique per attempt, so the log shows whose write a version holds
   * @param price the price sent
   * @param answer what the client was told
   * @param version the new version for {@link Answer#ACKNOWLEDGED}, {@code currentVersion} for
   *     {@link Answer#STALE}, otherwise -1
   * @param status the HTTP status, or 0 when no answer arrived
   */
  record Attempt(
      String ticketId,
      int client,
      boolean create,
      long expectedVersion,
      String title,
      BigDecimal price,
      Answer answer,
      long version,
      int status) {

    /** What a write's client was told. */
    enum Answer {
      /** 2xx: the write is persisted at {@code version}. */
      ACKNOWLEDGED,
      /** 412: the expected version was not the stored one, which was {@code currentVersion}. */
      STALE,
      /** Any other 4xx: the client's request was refused. */
      REFUSED,
      /** 5xx: the service said it failed; the write may or may not have happened. */
      FAILED,
      /**
       * No answer (connection refused or reset, timeout): the write may or may not have happened.
       */
      INDETERMINATE
    }
  }

  /** A request's HTTP status (0: none) and how long the answer took. */
  record Answered(int status, Duration took) {}

  /** A ticket as a store holds it: the source (ticket-api) or the replica (order-projector). */
  record TicketState(String id, long version, String title, BigDecimal price, String userId) {

    /** Same version and fields; prices compared by value (20.5 equals 20.50). */
    boolean sameAs(TicketState other) {
      return other != null
          && version == other.version
          && title.equals(other.title)
          && price.compareTo(other.price) == 0
          && userId.equals(other.userId);
    }
  }
}
