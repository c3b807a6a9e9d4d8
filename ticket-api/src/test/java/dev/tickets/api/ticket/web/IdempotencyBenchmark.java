package dev.tickets.api.ticket.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tickets.api.TicketApiIntegrationTest;
import dev.tickets.api.security.JwtProperties;
import dev.tickets.infra.Directories;
import dev.tickets.testkit.BearerTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Not part of {@code verify} (no {@code IT} suffix): what an {@code Idempotency-Key} costs a PUT.
 * ticket-api on the embedded MongoDB wire server and Kafka broker; closed-loop conditional PUTs
 * over real HTTP from {@code bench.connections} threads, each on tickets of its own (no conflicts),
 * in alternating rounds without and with a fresh key per request, so that both see the same
 * machine. Prints PUT/s of each and their ratio, and writes them to {@code
 * target/idempotency-benchmark.txt}: {@code ./mvnw -pl ticket-api -am verify -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.failIfNoSpecifiedTests=false
 * -Dit.test=IdempotencyBenchmark}
 */
@TicketApiIntegrationTest
class IdempotencyBenchmark {

  private static final Logger log = LoggerFactory.getLogger(IdempotencyBenchmark.class);
  private static final int CONNECTIONS = Integer.getInteger("bench.connections", 16);
  private static final int TICKETS_PER_CONNECTION = 8;
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
  private static final long ROUND_MILLIS = Integer.getInteger("bench.round-seconds", 8) * 1000L;

  @LocalServerPort int port;

  @Autowired JwtProperties jwt;

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private String bearer;

  @Test
  void measuresPutsWithAndWithoutAKey() throws Exception {
    bearer = "Bearer " + BearerTokens.hs256(jwt.secret(), "alice");
    List<Worker> workers = new ArrayList<>();
    for (int i = 0; i < CONNECTIONS; i++) {
      workers.add(new Worker(createTickets()));
    }
    run(workers, false, 3_000); // warm-up, not counted
    run(workers, true, 3_000);
    double plain = 0;
    double keyed = 0;
    List<String> lines = new ArrayList<>();
    for (int round = 1; round <= ROUNDS; round++) {
      double withoutKey = run(workers, false, ROUND_MILLIS);
      double withKey = run(workers, true, ROUND_MILLIS);
      plain += withoutKey;
      keyed += withKey;
      lines.add(
          String.format(
              Locale.ROOT,
              "round %d: without key %.1f PUT/s, with key %.1f PUT/s",
              round,
              withoutKey,
              withKey));
    }
    lines.add(
        String.format(
            Locale.ROOT,
            "%d connections, %d rounds of %d s each: without key %.1f "
                + "PUT/s, with key %.1f PUT/s, with/without %.2f",
            CONNECTIONS,
            ROUNDS,
            ROUND_MILLIS / 1000,
            plain / ROUNDS,
            keyed / ROUNDS,
            keyed / plain));
    lines.forEach(log::info);
    Directories.writeToTarget("idempotency-benchmark.txt", String.join("\n", lines) + "\n");
    assertThat(keyed).isPositive();
    assertThat(plain).isPositive();
  }

  /** Runs every worker for {@code millis}; PUT/s answered 200. */
  private double run(List<Worker> workers, boolean keyed, long millis) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(workers.size());
    try {
      long end = System.nanoTime() + millis * 1_000_000;
      List<Future<Long>> done = new ArrayList<>();
      for (Worker worker : workers) {
        done.add(threads.submit(() -> worker.putUntil(end, keyed)));
      }
      long ok = 0;
      for (Future<Long> worker : done) {
        ok += worker.get();
      }
      return ok * 1000.0 / millis;
    } finally {
      threads.shutdownNow();
    }
  }

  private List<String> createTickets() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < TICKETS_PER_CONNECTION; i++) {
      HttpResponse<String> created =
          http.send(
              request("/api/tickets")
                  .POST(HttpRequest.BodyPublishers.ofString(TicketsOverHttp.body("Bench", "10")))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(created.statusCode()).isEqualTo(201);
      String location = created.headers().firstValue("Location").orElseThrow();
      ids.add(location.substring(location.lastIndexOf('/') + 1));
    }
    return ids;
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", bearer)
        .header("Content-Type", "application/json");
  }

  /** One connection's loop over its own tickets, knowing their versions. */
  private final class Worker {

    private final List<String> ids;
    private final long[] versions;
    private final AtomicLong next = new AtomicLong();

    Worker(List<String> ids) {
      this.ids = ids;
      this.versions = new long[ids.size()];
    }

    long putUntil(long end, boolean keyed) throws Exception {
      long ok = 0;
      while (System.nanoTime() - end < 0) {
        int at = (int) (next.getAndIncrement() % ids.size());
        HttpRequest.Builder put =
            request("/api/tickets/" + ids.get(at))
                .header("If-Match", ETags.format(versions[at]))
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        TicketsOverHttp.body("Bench", "1" + versions[at] % 100)));
        if (keyed) {
          put.header(IdempotencyHeaders.KEY, UUID.randomUUID().toString());
        }
        HttpResponse<Void> answer = http.send(put.build(), HttpResponse.BodyHandlers.discarding());
        if (answer.statusCode() != 200) {
          throw new IllegalStateException("PUT answered " + answer.statusCode());
        }
        versions[at]++;
        ok++;
      }
      return ok;
    }
  }
}
