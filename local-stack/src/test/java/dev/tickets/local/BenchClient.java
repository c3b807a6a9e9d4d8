package dev.tickets.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The benchmark's HTTP client: HTTP/1.1 keep-alive connections of one {@link HttpClient} (one per
 * phase, so that a restarted service is never reached through a dead pooled connection); a failed
 * request is an answer of its own kind, never an exception.
 */
final class BenchClient {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final String BODY = "{\"title\":\"Benchmark\",\"price\":42.50}";

  /**
   * One answer: {@code status} 0 when no HTTP answer came ({@code kind} then names the failure);
   * {@code version} from a 200's {@code version} or a 412's {@code currentVersion}, else -1.
   */
  record Answer(int status, long version, String kind) {}

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String authorization;

  BenchClient(String token) {
    this.authorization = "Bearer " + token;
  }

  static URI ticketUri(String baseUrl, String id) {
    return URI.create(baseUrl + "/api/tickets/" + id);
  }

  /** Creates a ticket and returns its id; fails unless the answer is 201. */
  String create(String ticketApiUrl) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(ticketApiUrl + "/api/tickets"))
            .header("Authorization", authorization)
            .header("Content-Type", "application/json")
            .timeout(REQUEST_TIMEOUT)
            .POST(HttpRequest.BodyPublishers.ofString(BODY))
            .build();
    HttpResponse<String> response = send(request);
    if (response == null || response.statusCode() != 201) {
      throw new IllegalStateException(
          "Create failed: "
              + (response == null ? "no answer" : response.statusCode() + " " + response.body()));
    }
    return JSON.readTree(response.body()).get("id").asString();
  }

  /** A conditional PUT of {@code ticket} based on {@code expectedVersion}. */
  Answer put(URI ticket, long expectedVersion) {
    HttpRequest request =
        HttpRequest.newBuilder(ticket)
            .header("Authorization", authorization)
            .header("Content-Type", "application/json")
            .header("If-Match", "\"" + expectedVersion + "\"")
            .timeout(REQUEST_TIMEOUT)
            .PUT(HttpRequest.BodyPublishers.ofString(BODY))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      int status = response.statusCode();
      String field = status == 200 ? "version" : status == 412 ? "currentVersion" : null;
      return new Answer(
          status, field == null ? -1 : version(response.body(), field), Integer.toString(status));
    } catch (IOException ex) {
      return new Answer(0, -1, ex.getClass().getSimpleName());
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return new Answer(0, -1, "interrupted");
    }
  }

  /** The replica's version at {@code replica}: -1 while it does not exist (404) or on a failure. */
  long replicaVersion(URI replica) {
    HttpResponse<String> response =
        send(HttpRequest.newBuilder(replica).timeout(REQUEST_TIMEOUT).GET().build());
    return response != null && response.statusCode() == 200
        ? version(response.body(), "version")
        : -1;
  }

  /**
   * Reads {@code replica} once it holds {@code version} or a later one ({@code ?minVersion=} with
   * {@code Prefer: wait=}): completes with the answer's status (200, or 504 when the wait ended
   * first), 0 when no answer came.
   */
  CompletableFuture<Integer> awaitReplica(URI replica, long version, Duration wait) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(replica + "?minVersion=" + version))
            .header("Prefer", "wait=" + wait.toSeconds())
            .timeout(wait.plus(REQUEST_TIMEOUT))
            .GET()
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .thenApply(HttpResponse::statusCode)
        .exceptionally(failure -> 0);
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException ex) {
      return null;
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** The number in {@code field} of a JSON {@code body}; -1 when absent or not JSON. */
  private static long version(String body, String field) {
    try {
      JsonNode value = body == null || body.isEmpty() ? null : JSON.readTree(body).get(field);
      return value == null ? -1 : value.asLong();
    } catch (RuntimeException notJson) {
      return -1;
    }
  }
}
