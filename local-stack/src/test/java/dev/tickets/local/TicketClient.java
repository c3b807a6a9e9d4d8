package dev.tickets.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client of both services, as an outside caller would use them. */
final class TicketClient {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String token = DevTokens.tokenFor("alice", Duration.ofHours(1));

  record Reply(int status, JsonNode body) {
  }

  Reply create(String ticketApi, String title, String price) {
    return send(HttpRequest.newBuilder(URI.create(ticketApi + "/api/tickets"))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body(title, price))));
  }

  Reply update(String ticketApi, String id, long expectedVersion, String title, String price) {
    return send(HttpRequest.newBuilder(URI.create(ticketApi + "/api/tickets/" + id))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .header("If-Match", "\"" + expectedVersion + "\"")
        .PUT(HttpRequest.BodyPublishers.ofString(body(title, price))));
  }

  Reply get(String baseUrl, String id) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/tickets/" + id)).GET());
  }

  private Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString());
      String body = response.body();
      return new Reply(response.statusCode(), body == null || body.isEmpty() ? null : JSON.readTree(body));
    }
    catch (IOException ex) {
      throw new IllegalStateException("Request failed: " + ex, ex);
    }
    catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", ex);
    }
  }

  private static String body(String title, String price) {
    return "{\"title\":\"" + title + "\",\"price\":" + price + "}";
  }
}
