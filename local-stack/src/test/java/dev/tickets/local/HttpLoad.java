package dev.tickets.local;

import dev.tickets.local.LoadGenerator.KnownVersions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * {@code wrk}-style closed-loop load on ticket-api, one request at a time on each of a fixed number
 * of keep-alive connections (Reactor Netty's client, so that a thousand connections need no
 * thousand threads). Each connection ("worker") sends its next request as soon as the previous one
 * is answered, for a given time, and owns the tickets whose index modulo the worker count is its
 * own, so that no two workers write one ticket; a conditional PUT sends the version its worker last
 * saw ({@code ETag} of a 200, {@code currentVersion} of a 412).
 */
final class HttpLoad implements AutoCloseable {

  /** The kinds of request the benchmark measures. */
  enum Operation {
    GET,
    PUT,
    POST,
    KEYED_PUT
  }

  /**
   * What one run saw: HTTP answers, their latencies and statuses, and the requests that got no
   * answer, by the kind of failure.
   */
  record Outcome(
      long completed, Samples latencies, Map<Integer, Long> statuses, Map<String, Long> failures) {}

  private static final String BODY = "{\"title\":\"Benchmark\",\"price\":42.50}";
  private static final Pattern CURRENT_VERSION =
      Pattern.compile("\"currentVersion\"\\s*:\\s*(\\d+)");
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f]+)\"");

  private final ConnectionProvider connections;
  private final HttpClient http;
  private final String authorization;
  private final int workers;

  HttpLoad(String baseUrl, String token, int workers) {
    this.workers = workers;
    this.connections =
        ConnectionProvider.builder("benchmark")
            .maxConnections(workers)
            .pendingAcquireMaxCount(-1)
            .build();
    this.http =
        HttpClient.create(connections).baseUrl(baseUrl).responseTimeout(Duration.ofSeconds(30));
    this.authorization = "Bearer " + token;
  }

  /** Creates {@code count} tickets, {@code workers} at a time, and returns their ids. */
  List<String> createTickets(int count) {
    return Flux.range(0, count)
        .flatMap(i -> create().map(HttpLoad::id), workers)
        .collectList()
        .block(Duration.ofMinutes(5));
  }

  /**
   * Runs {@code operation} for {@code duration} on every worker; {@code versions} holds the version
   * last seen of each of {@code tickets} and is updated by PUTs.
   */
  Outcome run(
      Operation operation, List<String> tickets, KnownVersions versions, Duration duration) {
    if (tickets.size() < workers) {
      throw new IllegalArgumentException(
          tickets.size() + " tickets for " + workers + " connections: each needs one of its own");
    }
    long end = System.nanoTime() + duration.toNanos();
    Samples latencies = new Samples();
    Map<Integer, Long> statuses = new TreeMap<>();
    Map<String, Long> failures = new TreeMap<>();
    long[] completed = new long[1];
    Flux.range(0, workers)
        .flatMap(
            worker -> {
              int[] next = {worker};
              return Mono.defer(
                      () -> {
                        int ticket = next[0];
                        next[0] = next[0] + workers < tickets.size() ? next[0] + workers : worker;
                        long started = System.nanoTime();
                        return send(operation, tickets, versions, ticket)
                            .map(status -> new long[] {status, System.nanoTime() - started})
                            .onErrorResume(
                                failure -> {
                                  synchronized (latencies) {
                                    failures.merge(
                                        failure.getClass().getSimpleName(), 1L, Long::sum);
                                  }
                                  return Mono.empty();
                                });
                      })
                  .repeat(() -> System.nanoTime() - end < 0);
            },
            workers)
        .doOnNext(
            answer -> {
              synchronized (latencies) {
                completed[0]++;
                latencies.add(answer[1]);
                statuses.merge((int) answer[0], 1L, Long::sum);
              }
            })
        .blockLast(duration.plusMinutes(1));
    synchronized (latencies) {
      return new Outcome(completed[0], latencies, statuses, failures);
    }
  }

  private Mono<Integer> send(
      Operation operation, List<String> tickets, KnownVersions versions, int ticket) {
    String path = "/api/tickets/" + tickets.get(ticket);
    return switch (operation) {
      case GET ->
          http.get()
              .uri(path)
              .responseSingle((response, body) -> body.then(Mono.just(response.status().code())));
      case POST -> create().map(HttpLoad::status);
      case PUT, KEYED_PUT -> update(operation, path, versions, ticket);
    };
  }

  private static Mono<ByteBuf> body() {
    return Mono.fromSupplier(() -> Unpooled.copiedBuffer(BODY, StandardCharsets.UTF_8));
  }

  private Mono<String[]> create() {
    return http.headers(
            headers ->
                headers
                    .set(HttpHeaderNames.AUTHORIZATION, authorization)
                    .set(HttpHeaderNames.CONTENT_TYPE, "application/json"))
        .post()
        .uri("/api/tickets")
        .send(body())
        .responseSingle(
            (response, body) ->
                body.asString()
                    .defaultIfEmpty("")
                    .map(text -> new String[] {Integer.toString(response.status().code()), text}));
  }

  private Mono<Integer> update(
      Operation operation, String path, KnownVersions versions, int ticket) {
    return http.headers(
            headers -> {
              headers
                  .set(HttpHeaderNames.AUTHORIZATION, authorization)
                  .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                  .set(HttpHeaderNames.IF_MATCH, "\"" + versions.get(ticket) + "\"");
              if (operation == Operation.KEYED_PUT) {
                headers.set("Idempotency-Key", UUID.randomUUID().toString());
              }
            })
        .put()
        .uri(path)
        .send(body())
        .responseSingle(
            (response, body) ->
                body.asString()
                    .defaultIfEmpty("")
                    .map(
                        text -> {
                          int status = response.status().code();
                          learn(
                              versions,
                              ticket,
                              status,
                              response.responseHeaders().get("ETag"),
                              text);
                          return status;
                        }));
  }

  /** The version a 200 ({@code ETag}) or a 412 ({@code currentVersion}) tells of the ticket. */
  private static void learn(
      KnownVersions versions, int ticket, int status, String etag, String body) {
    long seen = -1;
    if (status == 200 && etag != null) {
      seen = Long.parseLong(etag.replace("\"", ""));
    } else if (status == 412) {
      Matcher current = CURRENT_VERSION.matcher(body);
      seen = current.find() ? Long.parseLong(current.group(1)) : -1;
    }
    versions.saw(ticket, seen);
  }

  private static int status(String[] answer) {
    return Integer.parseInt(answer[0]);
  }

  private static String id(String[] answer) {
    Matcher id = ID.matcher(answer[1]);
    if (!"201".equals(answer[0]) || !id.find()) {
      throw new IllegalStateException("Create failed: " + answer[0] + " " + answer[1]);
    }
    return id.group(1);
  }

  @Override
  public void close() {
    connections.dispose();
  }
}
