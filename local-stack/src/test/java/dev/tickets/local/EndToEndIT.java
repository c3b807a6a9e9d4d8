package dev.tickets.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Both real services, as child JVMs of their executable jars, over a real Kafka broker and a
 * MongoDB wire server: concurrent writers on ticket-api, and order-projector's replica converging
 * to exactly the same state and version, also across a restart of the projector in the middle of
 * the stream.
 */
class EndToEndIT {

  private static final Duration CONVERGENCE = Duration.ofSeconds(90);
  private static final int CLIENTS = 12;

  private static Stack stack;
  private final TicketClient client = new TicketClient();

  @BeforeAll
  static void startStack() throws Exception {
    Path data = Files.createTempDirectory("e2e-stack-");
    Path services = Path.of(System.getProperty("tickets.services.dir", ".."));
    stack = Stack.start(new StackOptions(data, true, services, 0, 0, 0, 0));
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void replicaConvergesToTheTicketUnderConcurrentWritersAndAcrossAProjectorRestart()
      throws Exception {
    String id = client.create(stack.ticketApiUrl(), "Concert", "20.00").body().get("id").asString();

    int firstWins = hammer(id, 10);
    assertThat(firstWins).isPositive();
    awaitReplicaEqualsSource(id);

    ExecutorService writers = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> midStream = writers.submit(() -> hammer(id, 10));
      stack.stopProjector();
      int secondWins = midStream.get();
      stack.startProjector();
      assertThat(secondWins).isPositive();
    } finally {
      writers.shutdownNow();
    }
    awaitReplicaEqualsSource(id);
    assertThat(source(id).get("version").asLong()).isGreaterThanOrEqualTo(firstWins + 1);
  }

  /**
   * {@value #CLIENTS} clients each read and conditionally write {@code rounds} times; returns wins.
   */
  private int hammer(String id, int rounds) throws Exception {
    AtomicInteger wins = new AtomicInteger();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<?>> running =
          IntStream.range(0, CLIENTS)
              .mapToObj(
                  c ->
                      clients.submit(
                          () ->
                              IntStream.range(0, rounds)
                                  .forEach(
                                      round -> {
                                        long seen = source(id).get("version").asLong();
                                        int status =
                                            client
                                                .update(
                                                    stack.ticketApiUrl(),
                                                    id,
                                                    seen,
                                                    "by client " + c,
                                                    c + "." + round)
                                                .status();
                                        assertThat(status).isIn(200, 412);
                                        if (status == 200) {
                                          wins.incrementAndGet();
                                        }
                                      })))
              .<Future<?>>map(future -> future)
              .toList();
      for (Future<?> future : running) {
        future.get();
      }
    } finally {
      clients.shutdownNow();
    }
    return wins.get();
  }

  private void awaitReplicaEqualsSource(String id) {
    await()
        .atMost(CONVERGENCE)
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              JsonNode source = source(id);
              TicketClient.Reply replica = client.get(stack.projectorUrl(), id);
              assertThat(replica.status()).isEqualTo(200);
              assertThat(replica.body().get("version").asLong())
                  .isEqualTo(source.get("version").asLong());
              assertThat(replica.body().get("title").asString())
                  .isEqualTo(source.get("title").asString());
              assertThat(replica.body().get("price").decimalValue())
                  .isEqualByComparingTo(source.get("price").decimalValue());
              assertThat(replica.body().get("userId").asString())
                  .isEqualTo(source.get("userId").asString());
            });
  }

  private JsonNode source(String id) {
    TicketClient.Reply reply = client.get(stack.ticketApiUrl(), id);
    assertThat(reply.status()).isEqualTo(200);
    return reply.body();
  }

  /** A plain HTTP client of both services, as an outside caller would use them. */
  static final class TicketClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String token = DevTokens.tokenFor("alice", Duration.ofHours(1));

    record Reply(int status, JsonNode body) {}

    Reply create(String ticketApi, String title, String price) {
      return send(
          HttpRequest.newBuilder(URI.create(ticketApi + "/api/tickets"))
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body(title, price))));
    }

    Reply update(String ticketApi, String id, long expectedVersion, String title, String price) {
      return send(
          HttpRequest.newBuilder(URI.create(ticketApi + "/api/tickets/" + id))
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
        HttpResponse<String> response =
            http.send(
                request.timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        return new Reply(
            response.statusCode(), body == null || body.isEmpty() ? null : JSON.readTree(body));
      } catch (IOException ex) {
        throw new IllegalStateException("Request failed: " + ex, ex);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted", ex);
      }
    }

    private static String body(String title, String price) {
      return "{\"title\":\"" + title + "\",\"price\":" + price + "}";
    }
  }
}
